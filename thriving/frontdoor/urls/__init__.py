"""The front door's pages. Each concept keeps its own URL list; every view declares its policy.

- `ask`: the public "Ask for help" journey and the status check;
- `people`: finding people and a person's record, consent, safeguarding notes, merging;
- `households`: a person's household;
- `intake`: a worker taking a request;
- `requests`: the work queue and working on a request;
- `locality`: setting a request's locality;
- `referrals`: an organisation's referrals and its settings;
- the demand picture's are in `thriving.frontdoor.demand.urls`.
"""

from thriving.frontdoor.demand import urls as demand
from thriving.frontdoor.urls import ask, households, intake, locality, people, referrals, requests

app_name = "frontdoor"

urlpatterns = [
    *ask.urlpatterns,
    *people.urlpatterns,
    *households.urlpatterns,
    *intake.urlpatterns,
    *requests.urlpatterns,
    *locality.urlpatterns,
    *referrals.urlpatterns,
    *demand.urlpatterns,
]
