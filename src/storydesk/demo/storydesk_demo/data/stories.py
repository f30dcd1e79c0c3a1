from storydesk import Section


def data() -> Section:
    return Section(title="Data display", description="Tables and people.")
