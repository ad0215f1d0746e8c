"""Reads of the directory, by concept. Each read of what people may see starts from the scopes
in `thriving.directory.policy` (`Model.objects.visible_to(user, action)`).

- `public`: the public pages of a service, a place and a platform, and opening times in words
- `editing`: the services a person keeps, a service as plain data, its history, what needs checking
- `review`: the queue of proposed changes, and a change beside the service as it is now
- `reports`: the problems people report with service pages
- `needs`: the needs taxonomy, from a cached snapshot

Searching is `thriving.directory.search`.
"""
