"""Writes in the community app: one function per thing a person does, each in one transaction,
checking the policy and recording the audit trail. Split by concept; callers import the module
they use (`from thriving.community.services import pledges`):

- `local_nets`: Local Nets and their sessions, residents' sign-ups, attendance and what people said;
- `ideas`: community ideas and their facilitation;
- `pledges`: pledge campaigns, signatures and organisations' progress;
- `ambassadors`: ambassadors' profiles and their good news stories;
- `common`: the errors (`CommunityError`, `Conflict`) and versioned write Local Nets and ideas share.
"""
