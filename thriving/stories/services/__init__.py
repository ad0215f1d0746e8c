"""The stories app's writes, by concept: projects (a project and its signifiers), telling (a
story told on the public form or gathered in person, its consent and signifier answers, audio and
its transcript), moderation, withdrawal (the teller's private link, and what withdrawing removes),
coding (the codebook and coded passages), themes (embedding and suggesting themes, and people's
decisions on them), priorities (priorities and anonymised quotes), msc (Most Significant Change
rounds)."""
