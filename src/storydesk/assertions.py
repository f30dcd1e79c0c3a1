"""Query helpers for ``Story.assertions``, importable as Storyville's were (``storyville.assertions``).

Example::

    from storydesk.assertions import GetByRole, GetAllByRole

    Story(
        props={"label": "Save"},
        assertions=[GetByRole("button", name="Save"), GetAllByRole("button").count(1)],
    )

See :mod:`storydesk.catalog.queries` for what each helper checks.
"""

from storydesk.catalog.queries import (
    GetAllByClass,
    GetAllByLabelText,
    GetAllByRole,
    GetAllByTagName,
    GetAllByTestId,
    GetAllByText,
    GetByClass,
    GetById,
    GetByLabelText,
    GetByRole,
    GetByTagName,
    GetByTestId,
    GetByText,
)

__all__ = [
    "GetAllByClass",
    "GetAllByLabelText",
    "GetAllByRole",
    "GetAllByTagName",
    "GetAllByTestId",
    "GetAllByText",
    "GetByClass",
    "GetById",
    "GetByLabelText",
    "GetByRole",
    "GetByTagName",
    "GetByTestId",
    "GetByText",
]
