from storydesk import Section


def actions() -> Section:
    return Section(title="Actions", description="Things people click.")
