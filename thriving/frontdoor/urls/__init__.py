"""The front door's pages. Each concept keeps its own URL list; every view declares its policy.

- `ask`: the public "Ask for help" journey and the status check;
- `people`: finding people and a person's record, consent, safeguarding notes, merging;
- `households`: a person's household;
- `intake`: a worker taking a request;
- `requests`: the work queue and working on a request;
- `safeguarding`: raising a safeguarding concern on an at-risk or urgent request;
- `locality`: setting a request's locality;
- `referrals`: an organisation's referrals and its settings;
- the demand picture's are in `thriving.frontdoor.demand.urls`, the resident's answer page's in
  `thriving.frontdoor.feedback.urls`.
"""

from thriving.frontdoor.demand import urls as demand
from thriving.frontdoor.feedback import urls as feedback
from thriving.frontdoor.urls import ask, households, intake, locality, people, referrals, requests, safeguarding

app_name = "frontdoor"

urlpatterns = [
    *ask.urlpatterns,
    *people.urlpatterns,
    *households.urlpatterns,
    *intake.urlpatterns,
    *requests.urlpatterns,
    *safeguarding.urlpatterns,
    *locality.urlpatterns,
    *referrals.urlpatterns,
    *demand.urlpatterns,
    *feedback.urlpatterns,
]
