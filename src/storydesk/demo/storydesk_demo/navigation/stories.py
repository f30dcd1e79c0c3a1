from storydesk import Section


def navigation() -> Section:
    return Section(title="Navigation", description="Moving around an app.")
