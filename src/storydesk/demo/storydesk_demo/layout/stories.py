from storydesk import Section


def layout() -> Section:
    return Section(title="Layout", description="Containers and messages.")
