"""Two of a teacher's devices and a colleague's, as Python apps over libtriad (sync/capi/python,
ctypes), against a real triad-hub: run by tests/integration/c_api_hub_test.cpp, which starts the
hub and hands over, in the environment, TRIAD_TEST_DIR (a folder to write in), TRIAD_TEST_HUB,
TRIAD_TEST_CA, and the token files TRIAD_TEST_TOKEN_TABLET, TRIAD_TEST_TOKEN_LAPTOP (Ana Diaz of
Fortismere) and TRIAD_TEST_TOKEN_WRONG (enrolled for Ben Lee of Woodroffe, given to a device set
up in Ana's name by mistake). Checks, in order:
- an observation recorded on the tablet reaches the laptop, with progress reaching 100%;
- notes edited on both devices at once merge into one text with both sentences, no conflict;
- bad input raises TriadError with the code and a message that names the field;
- a device whose records the hub refuses lists the refusals with reasons, and discarding them
  takes the hub's state back (the records it never had are removed);
- a hub that is down (TRIAD_TEST_DOWN_HUB, where nothing listens) is TriadError UNAVAILABLE,
  naming the address.
Prints each step; exits non-zero (an AssertionError) on the first failure."""
import os

import triad

env = os.environ


def token(name):
    with open(env[name], encoding="utf-8") as f:
        return f.read().strip()


def device(name, school="Fortismere", person="Ana Diaz"):
    store = triad.Store.create(os.path.join(env["TRIAD_TEST_DIR"], name + ".db"), school, person)
    store.set_setting("hub", env["TRIAD_TEST_HUB"])
    store.set_setting("ca", env["TRIAD_TEST_CA"])
    return store


def step(text):
    print("--", text, flush=True)


tablet, laptop = device("tablet"), device("laptop")
tablet_token, laptop_token = token("TRIAD_TEST_TOKEN_TABLET"), token("TRIAD_TEST_TOKEN_LAPTOP")

step("the tablet records an observation and syncs; the laptop receives it")
observation = tablet.create_record({
    "type": "observation", "scope": "school",
    "fields": {"observed_teacher": "Ana Diaz", "date": "2026-11-30", "focus": "Questioning",
               "notes": "Wait time after questions was short.", "tags": ["wait-time"]}})
seen = []
report = tablet.sync(token=tablet_token, on_progress=seen.append)
print("tablet:", report, "progress:", [p["percent"] for p in seen])
assert report["sent"] >= 1, report
assert seen and seen[-1]["percent"] == 100, seen
assert all(a["percent"] <= b["percent"] for a, b in zip(seen, seen[1:])), seen
report = laptop.sync(token=laptop_token)
print("laptop:", report)
assert laptop.get(observation)["fields"]["focus"] == "Questioning"

step("both devices edit the notes offline; after syncing, one text with both sentences")
tablet.update(observation, {"notes": "Wait time after questions was short. Pupils answered in "
                                     "single words."})
laptop.update(observation, {"notes": "Most questions were closed. Wait time after questions "
                                     "was short."})
for store, t in [(tablet, tablet_token), (laptop, laptop_token), (tablet, tablet_token)]:
    store.sync(token=t)
merged = tablet.get(observation)["fields"]["notes"]
print("merged:", merged)
assert merged == laptop.get(observation)["fields"]["notes"], "the devices disagree"
assert "Pupils answered in single words." in merged and "Most questions were closed." in merged
assert tablet.conflicts() == [] and laptop.conflicts() == []

step("bad input raises TriadError with what to fix")
try:
    tablet.create_record({"type": "observation", "fields": {"observed_teacher": "Ana Diaz",
                                                            "date": "30th November"}})
    raise AssertionError("a bad date was taken")
except triad.TriadError as e:
    print("refused:", e)
    assert e.name == "invalid argument" and "date" in e.message, e
try:
    tablet.get("00000000-0000-0000-0000-000000000001")
    raise AssertionError("a missing record was found")
except triad.TriadError as e:
    assert e.code == triad.NOT_FOUND, e

step("a device set up in Ana's name with Ben's token: the hub refuses its records")
wrong = device("wrong")
wrong_token = token("TRIAD_TEST_TOKEN_WRONG")
enquiry = wrong.create_record({"type": "enquiry", "scope": "alliance",
                               "fields": {"title": "Recorded under the wrong name"}})
report = wrong.sync(token=wrong_token)
refusals = wrong.refusals()
print("report:", report, "refusals:", refusals)
assert report["refused"] >= 1, report
refused_ids = {r["record"] for r in refusals}
assert enquiry in refused_ids, refusals
assert all(r["reason"] for r in refusals), refusals
assert wrong.status()["refusals"] == len(refusals)
for r in refusals:
    wrong.discard_refusal(r["record"])
assert all(r["discarding"] for r in wrong.refusals())
report = wrong.sync(token=wrong_token)
print("after discarding:", report, "refusals:", wrong.refusals())
assert wrong.refusals() == [], wrong.refusals()
try:
    wrong.get(enquiry)
    raise AssertionError("a discarded record the hub never had is still here")
except triad.TriadError as e:
    assert e.code == triad.NOT_FOUND, e

step("a hub that is down: a sync says the hub did not answer")
down = env["TRIAD_TEST_DOWN_HUB"]
try:
    tablet.sync(token=tablet_token, hub=down, timeout_ms=3000)
    raise AssertionError("a sync with a hub that is down succeeded")
except triad.TriadError as e:
    print("offline:", e)
    assert e.code == triad.UNAVAILABLE and down in e.message, e

for store in (tablet, laptop, wrong):
    store.close()
print("python binding: all checks passed")
