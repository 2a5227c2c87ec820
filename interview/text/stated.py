"""Parts of an answer said outright in a phrasing the first rules of finders.py and star.py missed. Each rule is a
phrasing many answers use, found by a second reading of the reserve review sheet
(checkpoints/generator/smollm2-topics/feedback_eval_reserve/review_sheet_reserve.md, "Gap asks for what the answer
has"), and kept only where it adds met criteria mostly on the strong answers of the read review halves.

Pure functions over text (no models), used by interview/coaching/finders.py.
"""
from __future__ import annotations

import re

# ----------------------------------------------------------------------------- what you were responsible for

# The role said with "a": "When I was a machine learning engineer on a fraud team, ...", "I was a backend engineer at
# a logistics company when we had to rewrite the module" (reserve sheet, items 9 and 27, were told "Say what you were
# responsible for"; star._TASK reads "I was the ... engineer" and "as a ... engineer" only). A role noun must follow,
# then where: "I was a bit worried" or "I was an hour late" is no role.
_ROLE = (r"engineer|designer|manager|analyst|developer|scientist|lead|pm|architect|consultant|administrator|"
         r"researcher|intern|owner|mentor|specialist|coordinator|director|tester|marketer|writer|officer|sre")
ROLE = re.compile(rf"\bi (was|worked as) (a|an) ([\w-]+ ){{0,3}}({_ROLE})s? (on|at|in|for|with|of)\b", re.I)
