"""What the coaching app plugs into other apps' extension points. `register()` is called from the
app's `ready()`; registering again adds nothing twice."""


def register() -> None:
    """Nothing yet: the front door's request page link to start coaching is added here."""
