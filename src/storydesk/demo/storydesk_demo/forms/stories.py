from storydesk import Section


def forms() -> Section:
    return Section(title="Forms", description="Inputs and their states.")
