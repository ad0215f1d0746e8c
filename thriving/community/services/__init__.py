"""Writes in the community app: one function per thing a person does, each in one transaction,
checking the policy and recording the audit trail. Split by concept; callers import the module
they use (`from thriving.community.services import pledges`):

- `local_nets`: Local Nets and their sessions, residents' sign-ups, attendance and what people said;
- `ideas`: community ideas and their facilitation;
- `pledges`: pledge campaigns, signatures and organisations' progress;
- `ambassadors`: ambassadors' profiles and their good news stories;
- `common`: the error every change can be refused with (`CommunityError`, an `ActionRefused`) and the
  versioned write (someone else changing a record first is core's `Conflict`).
"""
