"""What stories plugs into other apps' extension points: registered from `StoriesConfig.ready`."""


def register() -> None:
    """The team page's panel of the place's emerging priorities is added with the priorities pages."""
