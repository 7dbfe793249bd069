"""Seed data for zoom-mock: accounts, users and meetings shaped like Zoom's replies.

The mock answers read requests from JSON files, so those files decide how real the
mock feels. Writing them by hand would drift out of step (a meeting whose host has
no such meeting, a transcript file whose size does not match its text), so they are
generated instead, from one seeded random source and a few hand-written tables of
people and meeting themes. The same seed always yields byte-identical files, which
lets the committed copies double as a snapshot the tests compare against.

Everything is measured against one fixed "as of" instant, 2026-11-30T00:00:00Z:
meetings that started before it are past and carry participants, a transcript, an
AI summary and usually cloud recordings; later meetings carry none of these.
Links (join_url, download_url and the like) are never stored, because the mock
builds them from its own base URL at request time.

Run `python data/generate.py` (or `python -m zoom_mock.data.generate`) from the
repository root; `--out DIR` writes somewhere else.
"""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import logging
import random
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

Json = dict[str, Any]

SEED = 2026
YEAR = 2026
AS_OF = datetime(2026, 11, 30, tzinfo=UTC)
DATA_DIR = Path(__file__).resolve().parent

# The original mock answered its sample requests for these ids; they stay valid.
LEGACY_USER_ID = "abc123"
LEGACY_MEETING_ID = "meeting123"

# How many meetings start in each month of 2026; December is all future meetings.
MEETINGS_PER_MONTH = (5, 5, 6, 5, 6, 5, 5, 6, 5, 6, 5, 9)

# Meeting types for past and for future slots, before shuffling. Instant meetings
# (type 1) only exist once started, so none of them lies in the future.
PAST_MEETING_TYPES = (8,) * 9 + (3,) * 3 + (1,) * 8 + (2,) * 39
FUTURE_MEETING_TYPES = (8,) * 3 + (3,) + (2,) * 5

# Every eighth meeting belongs to the legacy user, so it hosts several meetings.
LEGACY_HOST_EVERY = 8

# Licensed users host this many times as often as Basic ones.
LICENSED_HOST_WEIGHT = 2

# Zoom's Basic plan cuts meetings off after 40 minutes.
BASIC_PLAN_LIMIT_MINUTES = 40

ROLE_IDS = {"Owner": "0", "Admin": "1", "Member": "2"}

ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


class Account(NamedTuple):
    name: str
    domain: str
    account_type: str
    seats: int
    cluster: str
    created: str


# The two tables below are kept one row per line, like the tables they are.
# fmt: off
ACCOUNTS = (
    Account("Lumenforge Analytics", "lumenforge.io", "Business", 60, "us05",
            "2019-04-17"),
    Account("Harborline Logistics", "harborline-logistics.com", "Business", 25,
            "eu01", "2020-09-02"),
    Account("Quillstone Studio", "quillstone.co", "Pro", 5, "us06", "2022-01-11"),
)
# fmt: on


class Person(NamedTuple):
    first: str
    last: str
    account: int
    plan: int
    status: str
    role: str
    dept: str
    job_title: str
    timezone: str
    location: str
    language: str
    phone: tuple[str, str, str]
    login_types: tuple[int, ...]
    client: str
    hosts_until: int = 12
    fixed_id: str = ""


# plan is Zoom's user type: 1 Basic, 2 Licensed, 4 Unassigned without Meetings
# Basic, 99 None. hosts_until is the last month an inactive user still hosted in.
# fmt: off
PEOPLE = (
    Person(
        "Jordan", "Ellis", 0, 2, "active", "Admin", "Product",
        "Senior Product Manager", "America/Chicago", "Chicago", "en-US",
        ("+1", "US", "3125550147"), (100,), "mac", fixed_id=LEGACY_USER_ID,
    ),
    Person(
        "Nadia", "Rahman", 0, 2, "active", "Owner", "Executive",
        "Chief Operating Officer", "America/New_York", "New York", "en-US",
        ("+1", "US", "2125550163"), (101,), "mac",
    ),
    Person(
        "Marcus", "Bell", 0, 2, "active", "Member", "Engineering",
        "Engineering Manager", "America/Los_Angeles", "San Francisco", "en-US",
        ("+1", "US", "4155550118"), (101,), "mac",
    ),
    Person(
        "Lena", "Hoffmann", 0, 2, "active", "Member", "Engineering",
        "Staff Backend Engineer", "Europe/Berlin", "Berlin", "de-DE",
        ("+49", "DE", "3055501842"), (101,), "win",
    ),
    Person(
        "Priya", "Raman", 0, 2, "active", "Member", "Data Science",
        "Data Scientist", "Asia/Kolkata", "Bengaluru", "en-US",
        ("+91", "IN", "8055501276"), (101,), "win",
    ),
    Person(
        "Haruto", "Sato", 0, 1, "active", "Member", "Design",
        "Product Designer", "Asia/Tokyo", "Tokyo", "ja-JP",
        ("+81", "JP", "355501934"), (100,), "mac",
    ),
    Person(
        "Olivia", "Nguyen", 0, 2, "inactive", "Member", "Sales",
        "Account Executive", "Australia/Sydney", "Sydney", "en-US",
        ("+61", "AU", "255501234"), (100,), "iphone", hosts_until=5,
    ),
    Person(
        "Diego", "Ramírez", 0, 99, "pending", "Member", "Marketing",
        "Marketing Specialist", "America/Mexico_City", "Mexico City", "es-ES",
        ("+52", "MX", "5555501187"), (100,), "",
    ),
    Person(
        "Aoife", "Byrne", 0, 4, "active", "Member", "Finance",
        "Financial Analyst", "Europe/Dublin", "Dublin", "en-US",
        ("+353", "IE", "15550198"), (101,), "win",
    ),
    Person(
        "Rafael", "Costa", 1, 2, "active", "Owner", "Operations",
        "Head of Operations", "America/Sao_Paulo", "São Paulo", "pt-BR",
        ("+55", "BR", "1155501290"), (100,), "win",
    ),
    Person(
        "Camille", "Durand", 1, 2, "active", "Admin", "Customer Success",
        "Customer Success Lead", "Europe/Paris", "Paris", "fr-FR",
        ("+33", "FR", "155501473"), (1,), "mac",
    ),
    Person(
        "Erik", "Lindqvist", 1, 1, "inactive", "Member", "Logistics",
        "Fleet Coordinator", "Europe/Stockholm", "Stockholm", "en-US",
        ("+46", "SE", "855501622"), (100,), "android", hosts_until=4,
    ),
    Person(
        "Amara", "Okafor", 1, 2, "pending", "Member", "IT",
        "IT Administrator", "Africa/Lagos", "Lagos", "en-US",
        ("+234", "NG", "8055501349"), (100,), "",
    ),
    Person(
        "Wei Ling", "Tan", 2, 2, "active", "Owner", "Studio",
        "Creative Director", "Asia/Singapore", "Singapore", "en-US",
        ("+65", "SG", "65550127"), (100,), "mac",
    ),
    Person(
        "Tom", "Whitaker", 2, 1, "active", "Member", "Studio",
        "Video Producer", "Europe/London", "London", "en-GB",
        ("+44", "GB", "2079460958"), (1,), "win",
    ),
)
# fmt: on

CLIENT_VERSIONS = {
    "mac": "6.3.5.43017(mac)",
    "win": "6.3.6.47100(win)",
    "iphone": "6.3.1.44511(iphone)",
    "android": "6.2.10.45890(android)",
}

# People outside every seeded account who join customer and vendor meetings.
EXTERNAL_GUESTS = (
    ("Hannah Brooks", "hannah.brooks@alderfinch.com"),
    ("Kenji Watanabe", "k.watanabe@sorano-partners.jp"),
    ("Lucas Martin", "lucas.martin@vertexcloud.fr"),
    ("Grace Oduya", "grace@oduya-consulting.com"),
    ("Samuel Reyes", "sreyes@pinecrest-health.org"),
    ("Ingrid Dahl", "ingrid.dahl@nordlys.no"),
    ("Chloe Bennett", "chloe.bennett@gmail.com"),
    ("Arjun Mehta", "arjun.mehta@brightwave.in"),
    ("Zoe Papadakis", "zoe@papadakis.design"),
    ("Felix Wagner", "f.wagner@stratoscale-data.de"),
)

# Booleans per group of Zoom's account lock settings (GET /accounts/{id}/lock_settings).
LOCK_SETTINGS_FIELDS = {
    "schedule_meeting": (
        "host_video",
        "participant_video",
        "join_before_host",
        "meeting_authentication",
        "require_password_for_scheduling_new_meetings",
        "require_password_for_instant_meetings",
        "continuous_meeting_chat",
    ),
    "in_meeting": (
        "chat",
        "private_chat",
        "screen_sharing",
        "breakout_room",
        "closed_caption",
        "auto_saving_chat",
        "polling",
        "whiteboard",
    ),
    "email_notification": (
        "cloud_recording_available_reminder",
        "jbh_reminder",
        "cancel_meeting_reminder",
        "alternative_host_reminder",
    ),
    "recording": (
        "local_recording",
        "cloud_recording",
        "auto_recording",
        "cloud_recording_download",
        "host_delete_cloud_recording",
    ),
    "telephony": ("third_party_audio", "telephony_regions"),
    "audio_conferencing": (
        "toll_call",
        "call_me_and_invite_by_phone",
        "personal_audio_conference",
    ),
    "meeting_security": (
        "auto_security",
        "waiting_room",
        "meeting_password",
        "pmi_password",
        "phone_password",
        "embed_password_in_join_link",
        "end_to_end_encrypted_meetings",
    ),
}


class Theme(NamedTuple):
    """What a meeting is about: its topic and the material for its artefacts.

    topic may name {quarter} (the quarter just ended) and {sprint} (a two-week
    sprint number), filled in from the meeting's start date. points are (summary
    label, summary sentence, what a participant said about it);
    actions are verb phrases that become next steps. cadence is "once" for one-off
    meetings, "open" for recurring meetings without a fixed time, and otherwise the
    rhythm of a recurring meeting with a fixed time.
    """

    topic: str
    agenda: str
    overview: str
    points: tuple[tuple[str, str, str], ...]
    actions: tuple[str, ...]
    cadence: str = "once"
    durations: tuple[int, ...] = (30, 45, 60)
    guests: tuple[int, int] = (2, 6)
    external: bool = False


THEMES = (
    Theme(
        topic="Engineering Daily Standup",
        agenda="Yesterday, today, blockers. Fifteen minutes, cameras optional.",
        overview=(
            "{host} ran the daily standup; the team reviewed the release branch "
            "and cleared most blockers ahead of the code freeze."
        ),
        points=(
            (
                "Release branch status",
                "The release branch is green apart from two flaky integration "
                "tests, which are quarantined until Thursday.",
                "Release branch is green apart from the two flaky integration "
                "tests. I've quarantined them until Thursday.",
            ),
            (
                "Blocked tickets",
                "Two tickets wait on the staging database migration, which runs "
                "this afternoon.",
                "I'm still blocked on the staging migration. Ops says it runs this "
                "afternoon, so I should be unblocked tomorrow.",
            ),
            (
                "Code review load",
                "Eleven pull requests are waiting for review; the team will "
                "pair-review the three largest.",
                "We have eleven PRs waiting for review. Can we pair on the three "
                "big ones instead of leaving them another day?",
            ),
            (
                "On-call handover",
                "On-call hands over on Friday; last week's pages were mostly the "
                "noisy disk-usage alert.",
                "On-call was quiet except for the disk alert firing every night. "
                "I'd like to raise its threshold before the handover.",
            ),
        ),
        actions=(
            "re-enable the quarantined integration tests once the fix is merged",
            "confirm the staging migration window with Ops",
            "pair-review the three largest open pull requests",
            "raise the disk-usage alert threshold before Friday's handover",
        ),
        cadence="weekdays",
        durations=(15,),
        guests=(3, 7),
    ),
    Theme(
        topic="Warehouse Migration Daily Check-in",
        agenda="Cutover progress, data validation, issues raised since yesterday.",
        overview=(
            "{host} ran the daily migration check-in; table copies are on "
            "schedule, and validation found one mismatch in historical invoices."
        ),
        points=(
            (
                "Cutover progress",
                "Forty of fifty-two tables are copied; the rest are scheduled "
                "overnight.",
                "Forty of the fifty-two tables are copied. The rest run overnight.",
            ),
            (
                "Data validation",
                "Row counts match everywhere except historical invoices, which are "
                "112 rows short.",
                "Row counts all match except historical invoices. We're a hundred "
                "and twelve rows short there.",
            ),
            (
                "Dashboards",
                "Finance dashboards switch to the new warehouse on Thursday.",
                "We switch the finance dashboards over on Thursday, assuming "
                "validation is clean.",
            ),
            (
                "Rollback plan",
                "The old warehouse stays read-only for two weeks as a fallback.",
                "The old warehouse stays read-only for two weeks, so we can always "
                "fall back.",
            ),
        ),
        actions=(
            "trace the 112 missing invoice rows",
            "schedule the overnight copy of the remaining tables",
            "switch the finance dashboards over on Thursday",
            "announce the read-only period to dashboard owners",
        ),
        cadence="daily",
        durations=(15, 30),
        guests=(2, 5),
    ),
    Theme(
        topic="Weekly Pipeline Review",
        agenda=(
            "Open opportunities by stage, forecast changes, and deals that need "
            "executive help."
        ),
        overview=(
            "{host} reviewed the sales pipeline with the team; the commit forecast "
            "held steady while two late-stage deals slipped to next month."
        ),
        points=(
            (
                "Forecast",
                "Commit forecast is unchanged at 1.4 million; best case rose by "
                "180 thousand after two upsells qualified.",
                "Commit stays at one point four million. Best case is up about one "
                "eighty after the two upsells qualified on Monday.",
            ),
            (
                "Slipped deals",
                "Two late-stage deals moved to next month because the customers' "
                "procurement teams asked for a security questionnaire.",
                "Both the Pinecrest and Nordlys deals slipped. Their procurement "
                "teams want the security questionnaire before signing.",
            ),
            (
                "Pipeline hygiene",
                "Fourteen opportunities have no next step recorded in the CRM.",
                "I counted fourteen opportunities with no next step in the CRM. "
                "That makes the forecast hard to trust.",
            ),
            (
                "Executive sponsorship",
                "A strategic renewal needs an executive sponsor call within two "
                "weeks to secure a multi-year term.",
                "The Alder and Finch renewal could go multi-year if we get an exec "
                "on a call in the next two weeks.",
            ),
        ),
        actions=(
            "send the security questionnaire to both procurement teams",
            "update the next step on every open opportunity before Thursday",
            "book an executive sponsor call for the Alder & Finch renewal",
            "refresh the forecast sheet once the updates land",
        ),
        cadence="weekly",
        durations=(30, 45),
        guests=(2, 6),
    ),
    Theme(
        topic="Support Escalations Weekly",
        agenda="Open escalations, SLA breaches, and recurring issues for product.",
        overview=(
            "{host} walked through this week's escalations; SLA performance "
            "recovered, and the export timeout went to engineering as the top "
            "recurring problem."
        ),
        points=(
            (
                "SLA performance",
                "First-response SLA was met on 96 percent of tickets, up from 89 "
                "percent, after weekend coverage was added.",
                "First response SLA is back to ninety-six percent. The weekend rota "
                "clearly made the difference.",
            ),
            (
                "Top recurring issue",
                "CSV exports over 50,000 rows time out; 23 tickets this week share "
                "that cause.",
                "Twenty-three tickets this week were the same export timeout. "
                "Anything over fifty thousand rows just fails.",
            ),
            (
                "Escalated accounts",
                "Three enterprise accounts are escalated; two have workarounds and "
                "one waits on a hotfix.",
                "Of the three escalated accounts, two are fine with the "
                "workaround. The third really needs the hotfix.",
            ),
            (
                "Knowledge base gaps",
                "Agents asked for an article on SSO setup errors, a frequent cause "
                "of avoidable tickets.",
                "Half of our SSO tickets could be deflected with a decent help "
                "article. Nobody has written one yet.",
            ),
        ),
        actions=(
            "file the export timeout as a priority bug with reproduction steps",
            "draft a help article on common SSO setup errors",
            "confirm the hotfix date with the escalated customer",
            "keep weekend coverage in the rota for another month",
        ),
        cadence="weekly",
        durations=(30,),
        guests=(2, 5),
    ),
    Theme(
        topic="1:1 Check-in",
        agenda="Priorities, workload, feedback, growth goals.",
        overview=(
            "{host} held a one-on-one covering current priorities, workload, and "
            "progress toward growth goals for the half."
        ),
        points=(
            (
                "Workload",
                "Workload is high but manageable; one project will move to another "
                "owner to free up time.",
                "Honestly it's a lot right now. If the reporting project moved to "
                "someone else I'd have room to breathe.",
            ),
            (
                "Feedback",
                "The recent leadership presentation landed well; next time it "
                "should open with the recommendation.",
                "The leadership presentation went well. Next time I'd open with "
                "the recommendation and keep the data for backup.",
            ),
            (
                "Growth goals",
                "Agreed on a stretch goal of leading the next cross-team initiative.",
                "I'd like to lead the next cross-team initiative. I think I'm "
                "ready for that.",
            ),
            (
                "Time off",
                "Planned leave in two weeks is approved and coverage is arranged.",
                "Just a reminder that I'm out for a week from the twentieth. "
                "Coverage is sorted.",
            ),
        ),
        actions=(
            "hand the reporting project to a new owner by the end of the month",
            "write a one-page proposal for the cross-team initiative",
            "share the feedback notes from the leadership presentation",
            "add the planned leave to the team calendar",
        ),
        cadence="biweekly",
        durations=(30,),
        guests=(1, 1),
    ),
    Theme(
        topic="Monthly All-Hands",
        agenda="Company update, team wins, product news, open Q&A.",
        overview=(
            "{host} hosted the monthly all-hands with a company update, highlights "
            "from each team, and an open question-and-answer session."
        ),
        points=(
            (
                "Company update",
                "Revenue grew 8 percent month over month, and two enterprise "
                "customers signed multi-year contracts.",
                "Quick headline: revenue is up eight percent on last month, and we "
                "signed two multi-year enterprise contracts.",
            ),
            (
                "Team wins",
                "The platform team cut page load times by a third, and support "
                "cleared its backlog.",
                "Shout-out to the platform team. Page loads are a third faster, "
                "and support cleared its entire backlog.",
            ),
            (
                "Product news",
                "The new reporting dashboard enters open beta next month for all "
                "Business customers.",
                "The reporting dashboard goes to open beta next month, for every "
                "Business customer.",
            ),
            (
                "Q&A",
                "Employees asked about hiring; leadership confirmed twelve open "
                "roles, mostly in engineering.",
                "Someone asked about hiring. We have twelve open roles, and most of "
                "them are in engineering.",
            ),
        ),
        actions=(
            "post the all-hands slides in the company channel",
            "publish the list of open roles on the careers page",
            "collect anonymous questions for next month's session",
            "send beta invitations to Business customers",
        ),
        cadence="monthly",
        durations=(45, 60),
        guests=(5, 11),
    ),
    Theme(
        topic="Design Office Hours",
        agenda="Drop in with work-in-progress designs for quick feedback.",
        overview=(
            "{host} held design office hours; the group reviewed work-in-progress "
            "screens and agreed on fixes for layout and contrast issues."
        ),
        points=(
            (
                "Settings page",
                "The settings page groups too many options together; splitting it "
                "into tabs was preferred.",
                "The settings page feels crowded. Splitting it into tabs would help "
                "people find things.",
            ),
            (
                "Accessibility",
                "Secondary buttons fail the colour-contrast check and will be "
                "darkened.",
                "The secondary buttons fail the contrast check. We need to darken "
                "them a couple of shades.",
            ),
            (
                "Empty states",
                "Empty states should explain the next action instead of showing a "
                "blank table.",
                "When there's no data we just show a blank table. It should tell "
                "people what to do next.",
            ),
            (
                "Component library",
                "The new date picker joins the shared component library after review.",
                "Once the date picker is reviewed I'll add it to the component "
                "library so everyone can use it.",
            ),
        ),
        actions=(
            "split the settings page into tabs in the next iteration",
            "darken the secondary buttons and re-run the contrast check",
            "write the copy for the empty states",
            "publish the date picker to the component library",
        ),
        cadence="open",
        durations=(60,),
        guests=(1, 4),
    ),
    Theme(
        topic="Mobile App Sprint {sprint} Planning",
        agenda="Velocity, sprint goal, sizing and commitment.",
        overview=(
            "{host} led sprint planning for the mobile app; the sprint goal is "
            "offline mode, and the team committed to 34 story points."
        ),
        points=(
            (
                "Velocity",
                "Velocity averaged 36 points over three sprints, so the team "
                "committed to 34 to leave room for bugs.",
                "We've averaged thirty-six points over three sprints. I'd commit to "
                "thirty-four and keep a buffer for bugs.",
            ),
            (
                "Sprint goal",
                "The sprint goal is offline mode for the task list, including sync "
                "conflict handling.",
                "Let's make offline mode for the task list the goal, and include "
                "the sync conflict handling.",
            ),
            (
                "Risks",
                "The push notification SDK upgrade may take longer than estimated "
                "on Android.",
                "The push SDK upgrade worries me on Android. The estimate could "
                "easily double.",
            ),
            (
                "Carry-over",
                "Two stories carry over from the last sprint and go first in the "
                "queue.",
                "Two stories carry over from last sprint. I'd put them first so "
                "they don't slip again.",
            ),
        ),
        actions=(
            "break the offline sync story into smaller tickets",
            "spike the push notification SDK upgrade on Android",
            "update the sprint board with the committed stories",
            "share the sprint goal with the support team",
        ),
        durations=(60, 90),
        guests=(3, 7),
    ),
    Theme(
        topic="Q{quarter} Business Review with Alder & Finch",
        agenda="Usage review, outcomes against goals, roadmap preview, renewal.",
        overview=(
            "{host} presented the quarterly business review to Alder & Finch; "
            "adoption is up, and the customer asked for early access to custom "
            "reports."
        ),
        points=(
            (
                "Adoption",
                "Weekly active users grew 22 percent over the quarter, led by the "
                "warehouse teams.",
                "Weekly active users are up twenty-two percent this quarter, mostly "
                "from your warehouse teams.",
            ),
            (
                "Goals",
                "Two of three quarterly goals were met; the ERP integration is "
                "still in progress.",
                "We hit two of the three goals. The ERP integration is the one "
                "still in flight.",
            ),
            (
                "Roadmap",
                "The customer asked for early access to custom reports and offered "
                "to join the beta.",
                "Could we get early access to custom reports? We'd happily be part "
                "of the beta.",
            ),
            (
                "Renewal",
                "Renewal is due in four months; the customer wants pricing for "
                "forty additional seats.",
                "Renewal comes up in four months. We'll need pricing for around "
                "forty extra seats.",
            ),
        ),
        actions=(
            "add Alder & Finch to the custom reports beta",
            "send pricing options for forty additional seats",
            "schedule a technical session on the ERP integration",
            "share the usage report from the review",
        ),
        durations=(45, 60),
        guests=(2, 6),
        external=True,
    ),
    Theme(
        topic="Product Roadmap Review",
        agenda="Roadmap themes, trade-offs and dependencies for the next two quarters.",
        overview=(
            "{host} reviewed the product roadmap for the next two quarters; "
            "reporting and SSO come first, and the partner marketplace moves out."
        ),
        points=(
            (
                "Top priorities",
                "Custom reporting and SSO improvements are the two main themes for "
                "the next two quarters.",
                "Custom reporting and SSO are the two bets for the next two "
                "quarters. Everything else is secondary.",
            ),
            (
                "Deferred work",
                "The partner marketplace moves out a quarter for lack of "
                "engineering capacity.",
                "We have to push the marketplace a quarter. There isn't the "
                "engineering capacity to do it well.",
            ),
            (
                "Dependencies",
                "Reporting depends on the new data pipeline, due at the end of next "
                "month.",
                "Reporting can't start until the new data pipeline ships, and "
                "that's due end of next month.",
            ),
            (
                "Customer input",
                "Customer requests match the roadmap except bulk user import, "
                "which was added as a small item.",
                "The customer requests mostly line up. The one gap is bulk user "
                "import, which is small enough to add.",
            ),
        ),
        actions=(
            "publish the updated roadmap on the internal wiki",
            "confirm the data pipeline delivery date with the platform team",
            "write a short brief for bulk user import",
            "tell affected customers that the marketplace has moved",
        ),
        durations=(60, 90),
        guests=(3, 8),
    ),
    Theme(
        topic="Product Launch Campaign Sync",
        agenda="Channel plan, creative status, budget, launch-day checklist.",
        overview=(
            "{host} ran the launch campaign sync; creative is nearly final, paid "
            "social takes the largest budget share, and the landing page needs "
            "work."
        ),
        points=(
            (
                "Channel plan",
                "Paid social gets 45 percent of the budget, followed by search and "
                "partner newsletters.",
                "Paid social takes forty-five percent of the budget. Search and "
                "partner newsletters split most of the rest.",
            ),
            (
                "Creative status",
                "Video and banner creative is final; the email sequence still needs "
                "legal review.",
                "Video and banners are final. The email sequence is still waiting "
                "on legal.",
            ),
            (
                "Landing page",
                "The landing page loads slowly on mobile and needs image "
                "compression before launch.",
                "The landing page takes four seconds on mobile. We need to compress "
                "the hero images.",
            ),
            (
                "Launch-day plan",
                "A launch-day war room will watch sign-ups and ad spend every hour.",
                "On launch day let's keep a war room open and check sign-ups and "
                "spend every hour.",
            ),
        ),
        actions=(
            "send the email sequence to legal for review",
            "compress the landing page images and re-test on mobile",
            "set up the launch-day dashboard for sign-ups and spend",
            "confirm the partner newsletter slots",
        ),
        guests=(2, 6),
    ),
    Theme(
        topic="Backend Engineer Hiring Debrief",
        agenda="Interview feedback, hire decision, next steps with the candidate.",
        overview=(
            "{host} led the hiring debrief for the backend engineer role; the "
            "panel found the candidate strong on systems design and recommended "
            "an offer."
        ),
        points=(
            (
                "Systems design",
                "The candidate designed a sound rate-limiting service and explained "
                "the trade-offs clearly.",
                "Their rate limiter design was solid, and they talked through the "
                "trade-offs without prompting.",
            ),
            (
                "Coding",
                "The coding exercise was correct but slow, which the panel did not "
                "see as a blocker.",
                "The code was correct, just a bit slow to get there. I wouldn't "
                "block on it.",
            ),
            (
                "Collaboration",
                "The pairing session showed the candidate asks good questions and "
                "takes suggestions well.",
                "In the pairing session they asked good questions and took "
                "suggestions well.",
            ),
            (
                "Decision",
                "The panel recommended an offer at the senior level.",
                "I'm hearing a clear yes. I'd propose we make an offer at senior "
                "level.",
            ),
        ),
        actions=(
            "prepare the offer at the senior level",
            "send the interview scorecards to the recruiter",
            "schedule a sell call with the hiring manager",
            "close out the other candidates in the pipeline",
        ),
        durations=(30,),
        guests=(2, 4),
    ),
    Theme(
        topic="Checkout API Latency Postmortem",
        agenda="Timeline, root cause, impact, follow-up actions. Blameless format.",
        overview=(
            "{host} ran a blameless postmortem of the checkout API latency "
            "incident; the root cause was an unindexed query shipped in a recent "
            "release."
        ),
        points=(
            (
                "Timeline",
                "Latency rose at 14:05 UTC, the alert fired at 14:12, and the "
                "rollback completed at 14:48.",
                "Latency climbed at five past two, the alert fired seven minutes "
                "later, and the rollback finished at fourteen forty-eight.",
            ),
            (
                "Root cause",
                "A new query on the orders table ran without an index and locked "
                "rows under load.",
                "The root cause was the new orders query. No index, so it locked "
                "rows once traffic picked up.",
            ),
            (
                "Customer impact",
                "About 3 percent of checkouts failed during the 43-minute window.",
                "Roughly three percent of checkouts failed in those forty-three "
                "minutes.",
            ),
            (
                "Detection gaps",
                "Load tests did not cover the new query path, so the problem "
                "reached production.",
                "Our load tests never exercised that query path, which is why we "
                "didn't catch it earlier.",
            ),
        ),
        actions=(
            "add the missing index and a migration check to the release pipeline",
            "extend the load tests to cover the new query path",
            "publish the incident report on the status page",
            "lower the latency alert delay from five minutes to two",
        ),
        durations=(45, 60),
        guests=(3, 8),
    ),
    Theme(
        topic="FY2027 Budget Planning",
        agenda="Department requests, headcount, tooling spend, savings targets.",
        overview=(
            "{host} led FY2027 budget planning; the group aligned on headcount "
            "priorities and on reclaiming unused software licences."
        ),
        points=(
            (
                "Headcount",
                "Departments requested nine new roles; six are funded in the first "
                "pass, mainly in engineering and support.",
                "We have nine headcount requests. I can fund six in the first pass, "
                "mostly engineering and support.",
            ),
            (
                "Software spend",
                "An audit found 18 percent of paid licences unused for 90 days.",
                "The audit shows about eighteen percent of our licences haven't "
                "been used in ninety days.",
            ),
            (
                "Travel",
                "Travel budget stays flat, with customer visits ahead of internal "
                "offsites.",
                "Travel stays flat. Customer visits come first, internal offsites "
                "second.",
            ),
            (
                "Timeline",
                "Final department budgets are due to finance in three weeks.",
                "Finance needs the final numbers from every department in three weeks.",
            ),
        ),
        actions=(
            "reclaim unused software licences before renewal",
            "send revised headcount requests to finance",
            "share the budget template with department leads",
            "draft the travel policy update",
        ),
        durations=(60,),
        guests=(2, 6),
    ),
    Theme(
        topic="Onboarding Flow Design Review",
        agenda="New onboarding flow, usability test results, open questions.",
        overview=(
            "{host} led the onboarding flow design review; usability tests showed "
            "faster setup, and the team agreed to shorten the welcome checklist."
        ),
        points=(
            (
                "Usability results",
                "Median setup time dropped from nine to five minutes across eight "
                "usability test participants.",
                "In testing, median setup time went from nine minutes to five. "
                "That's with eight participants.",
            ),
            (
                "Welcome checklist",
                "The welcome checklist shrinks from seven steps to four.",
                "Seven checklist steps is too many. Four is plenty for the first "
                "session.",
            ),
            (
                "Invite teammates",
                "Testers missed the invite-teammates step, so it moves earlier in "
                "the flow.",
                "People kept missing the invite step. Let's move it up right after "
                "workspace setup.",
            ),
            (
                "Mobile",
                "The flow needs a mobile pass before the engineering hand-off.",
                "We still haven't looked at this on mobile. That needs a pass "
                "before hand-off.",
            ),
        ),
        actions=(
            "cut the welcome checklist down to four steps",
            "move the invite-teammates step after workspace setup",
            "do a mobile pass on the onboarding screens",
            "prepare the hand-off notes for engineering",
        ),
        guests=(2, 5),
    ),
    Theme(
        topic="SOC 2 Readiness Check-in",
        agenda="Control gaps, evidence collection, auditor timeline.",
        overview=(
            "{host} led the SOC 2 readiness check-in; most controls have evidence, "
            "while access reviews and vendor assessments are still open."
        ),
        points=(
            (
                "Evidence status",
                "Evidence is collected for 82 of 95 controls.",
                "We've got evidence for eighty-two of the ninety-five controls.",
            ),
            (
                "Access reviews",
                "Quarterly access reviews are overdue for two production systems.",
                "The quarterly access reviews for two production systems are overdue.",
            ),
            (
                "Vendor risk",
                "Five critical vendors have not returned their security assessments.",
                "Five critical vendors still haven't returned their security "
                "questionnaires.",
            ),
            (
                "Audit window",
                "The audit observation window opens in six weeks.",
                "The observation window opens in six weeks, so we need to close "
                "the gaps before then.",
            ),
        ),
        actions=(
            "complete the access reviews for both production systems",
            "chase the five outstanding vendor questionnaires",
            "upload the remaining evidence to the compliance tracker",
            "confirm fieldwork dates with the auditor",
        ),
        durations=(30, 45),
        guests=(2, 4),
    ),
    Theme(
        topic="Data Warehouse Vendor Evaluation",
        agenda="Shortlisted vendors on cost, performance, security, migration effort.",
        overview=(
            "{host} led the data warehouse vendor evaluation; two vendors remain "
            "on the shortlist, and a proof of concept will decide between them."
        ),
        points=(
            (
                "Cost",
                "Three-year cost estimates differ by about 30 percent, mostly "
                "because of storage pricing.",
                "Over three years the cost gap is about thirty percent, and it's "
                "almost all storage pricing.",
            ),
            (
                "Performance",
                "Both finalists passed the query benchmark; one was twice as fast "
                "on large joins.",
                "Both passed our benchmark, but one was twice as fast on the big "
                "joins.",
            ),
            (
                "Security",
                "Both support SSO and customer-managed keys; one has no EU data "
                "region.",
                "Security-wise both are fine, except one has no EU region, which "
                "matters for our European customers.",
            ),
            (
                "Migration",
                "Migration effort is six to eight weeks with either vendor.",
                "Either way, migration looks like six to eight weeks of work.",
            ),
        ),
        actions=(
            "run a two-week proof of concept with both finalists",
            "ask the vendor without an EU region for its roadmap",
            "model storage costs with next year's data growth",
            "draft an outline of the migration plan",
        ),
        durations=(45, 60),
        guests=(2, 5),
        external=True,
    ),
)

OPENERS = (
    "Thanks for joining, everyone. Let's get started with the {topic}.",
    "Hi all, let's kick off. We have a full agenda for the {topic} today.",
    "Good to see everyone. Let's use the time well and jump into the {topic}.",
)
REACTIONS = (
    "That makes sense to me.",
    "Agreed. Let's go with that.",
    "Can you drop the numbers in the chat?",
    "Good point, I hadn't thought about that.",
    "I can help with that if needed.",
    "Let's capture that in the notes.",
)
ACKNOWLEDGEMENTS = (
    "Yes, I'll take that.",
    "Sure, I'll have it done by Friday.",
    "Got it, I'll follow up today.",
    "Okay, I'll own that one.",
)
CLOSERS = (
    "Great, thanks everyone. I'll send the notes out after this.",
    "That's all for today. Thanks, everyone.",
    "Thanks all. Let's pick this up next time.",
)

# (file_type, file_extension, recording_type, chance of being present)
RECORDING_KINDS = (
    ("MP4", "MP4", "shared_screen_with_speaker_view", 1.0),
    ("M4A", "M4A", "audio_only", 0.8),
    ("TRANSCRIPT", "VTT", "audio_transcript", 1.0),
    ("CHAT", "TXT", "chat_file", 0.5),
    ("CC", "VTT", "closed_caption", 0.3),
)

# At most this many transcript cues, and never fewer than the shortest script.
MAX_CUES = 15


class Member(NamedTuple):
    """A seeded user: the table row it came from and the record written for it."""

    person: Person
    record: Json


class Slot(NamedTuple):
    """One meeting to generate, decided before any of its details are drawn."""

    month: int
    meeting_type: int
    host: Member
    theme: Theme
    legacy: bool


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def moment_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    seconds = int((end - start).total_seconds())
    return start + timedelta(seconds=rng.randrange(max(seconds, 1)))


def zoom_id(rng: random.Random) -> str:
    """A 22-character id in Zoom's style: 16 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(rng.randbytes(16)).decode().rstrip("=")


def meeting_uuid(rng: random.Random, accept: Callable[[str], bool]) -> str:
    """A meeting UUID (standard base64 of 16 bytes); redraws until accept() holds."""
    while True:
        candidate = base64.b64encode(rng.randbytes(16)).decode()
        if accept(candidate):
            return candidate


def digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.replace(" ", "").lower()


def email_of(person: Person) -> str:
    domain = ACCOUNTS[person.account].domain
    return f"{ascii_slug(person.first)}.{ascii_slug(person.last)}@{domain}"


def zoom_weekday(moment: datetime) -> int:
    """Zoom numbers weekdays from 1 (Sunday) to 7 (Saturday)."""
    return moment.isoweekday() % 7 + 1


def build_accounts(rng: random.Random) -> list[Json]:
    accounts = []
    for position, account in enumerate(ACCOUNTS):
        created = datetime.fromisoformat(account.created).replace(tzinfo=UTC)
        created += timedelta(seconds=rng.randrange(86_400))
        renewal = datetime(YEAR, rng.randint(1, 6), rng.randint(1, 28), tzinfo=UTC)

        owner = next(p for p in PEOPLE if p.account == position and p.role == "Owner")
        accounts.append(
            {
                "id": zoom_id(rng),
                "account_name": account.name,
                "owner_email": email_of(owner),
                "account_type": account.account_type,
                "seats": account.seats,
                "subscription_start_time": iso(renewal),
                "subscription_end_time": iso(renewal.replace(year=YEAR + 1)),
                "created_at": iso(created),
                "account_number": rng.randint(10_000_000, 99_999_999),
                "lock_settings": build_lock_settings(rng),
            }
        )
    return accounts


def build_lock_settings(rng: random.Random) -> Json:
    return {
        group: {field: rng.random() < 0.35 for field in fields}
        for group, fields in LOCK_SETTINGS_FIELDS.items()
    }


def build_users(rng: random.Random, accounts: list[Json]) -> list[Member]:
    group_ids: dict[tuple[int, str], str] = {}
    im_group_ids = [zoom_id(rng) for _ in accounts]
    used_pmis: set[int] = set()

    members = []
    for person in PEOPLE:
        group_key = (person.account, person.dept)
        if group_key not in group_ids:
            group_ids[group_key] = zoom_id(rng)

        record = build_user(rng, person, accounts[person.account], used_pmis)
        record["group_ids"] = [group_ids[group_key]]
        record["im_group_ids"] = [im_group_ids[person.account]]
        record["host_key"] = digits(rng, 6)
        record["meeting_ids"] = []
        record["recording_meeting_ids"] = []
        members.append(Member(person, record))
    return members


def build_user(
    rng: random.Random, person: Person, account: Json, used_pmis: set[int]
) -> Json:
    user_created, login_created, last_login = user_timeline(rng, person, account)
    pmi = rng.randint(2_000_000_000, 9_999_999_999)
    while pmi in used_pmis:
        pmi = rng.randint(2_000_000_000, 9_999_999_999)
    used_pmis.add(pmi)

    code, country, number = person.phone
    record: Json = {
        "id": person.fixed_id or zoom_id(rng),
        "first_name": person.first,
        "last_name": person.last,
        "display_name": f"{person.first} {person.last}",
        "email": email_of(person),
        "type": person.plan,
        "role_name": person.role,
        "role_id": ROLE_IDS[person.role],
        "pmi": pmi,
        "use_pmi": rng.random() < 0.2,
        "timezone": person.timezone,
        "verified": 0 if person.status == "pending" else 1,
        "dept": person.dept,
        "job_title": person.job_title,
        "company": ACCOUNTS[person.account].name,
        "location": person.location,
        "language": person.language,
        "phone_number": f"{code} {number}",
        "phone_numbers": [
            {
                "code": code,
                "country": country,
                "label": "Mobile",
                "number": number,
                "verified": person.status != "pending",
            }
        ],
        "status": person.status,
        "created_at": iso(login_created),
        "user_created_at": iso(user_created),
    }

    # A pending user was invited but has never signed in, so Zoom has no login data.
    if last_login is not None:
        record["last_login_time"] = iso(last_login)
        record["last_client_version"] = CLIENT_VERSIONS[person.client]
    record["login_types"] = list(person.login_types)
    record["account_id"] = account["id"]
    record["account_number"] = account["account_number"]
    record["cluster"] = ACCOUNTS[person.account].cluster
    return record


def user_timeline(
    rng: random.Random, person: Person, account: Json
) -> tuple[datetime, datetime, datetime | None]:
    """When the user was created, got their current login type, and last signed in."""
    if person.status == "pending":
        invited = moment_between(rng, datetime(YEAR, 11, 2, tzinfo=UTC), AS_OF)
        return invited, invited, None

    account_created = datetime.fromisoformat(account["created_at"])
    user_created = moment_between(
        rng, account_created, datetime(YEAR - 1, 10, 1, tzinfo=UTC)
    )
    login_created = user_created
    if rng.random() < 0.3:
        login_created = moment_between(
            rng, user_created, datetime(YEAR, 1, 1, tzinfo=UTC)
        )

    if person.status == "inactive":
        last_seen = datetime(YEAR, person.hosts_until, 28, tzinfo=UTC)
        last_login = moment_between(rng, last_seen, last_seen + timedelta(days=1))
    else:
        last_login = moment_between(rng, AS_OF - timedelta(days=6), AS_OF)
    return user_created, login_created, last_login


def plan_slots(rng: random.Random, members: list[Member]) -> list[Slot]:
    """Decide month, type, host and theme of every meeting, in start order."""
    past_types = list(PAST_MEETING_TYPES)
    future_types = list(FUTURE_MEETING_TYPES)
    rng.shuffle(past_types)
    rng.shuffle(future_types)

    # The legacy meeting comes first: a scheduled meeting by the legacy user.
    past_types.remove(2)
    past_types.insert(0, 2)
    legacy_host = next(m for m in members if m.record["id"] == LEGACY_USER_ID)

    decks: dict[str, list[Theme]] = {}
    slots = []
    for month, count in enumerate(MEETINGS_PER_MONTH, start=1):
        for _ in range(count):
            index = len(slots)
            meeting_type = (future_types if month == 12 else past_types).pop(0)
            host = legacy_host
            if index % LEGACY_HOST_EVERY:
                host = choose_host(rng, members, month)
            theme = deal_theme(rng, decks, meeting_type)
            slots.append(Slot(month, meeting_type, host, theme, legacy=index == 0))
    return slots


def choose_host(rng: random.Random, members: list[Member], month: int) -> Member:
    """Someone other than the legacy user who could host that month.

    Licensed users are drawn more often than Basic ones.
    """
    hosts = [
        member
        for member in members
        if member.person.plan in (1, 2)
        and member.person.status != "pending"
        and member.person.hosts_until >= month
        and member.record["id"] != LEGACY_USER_ID
    ]
    weights = [LICENSED_HOST_WEIGHT if m.person.plan == 2 else 1 for m in hosts]
    return rng.choices(hosts, weights=weights)[0]


def deal_theme(
    rng: random.Random, decks: dict[str, list[Theme]], meeting_type: int
) -> Theme:
    """The next theme for the meeting type, each used once before any repeats."""
    kind = {8: "fixed", 3: "open"}.get(meeting_type, "once")
    if not decks.get(kind):
        decks[kind] = [t for t in THEMES if theme_kind(t) == kind]
        rng.shuffle(decks[kind])
    return decks[kind].pop()


def theme_kind(theme: Theme) -> str:
    return theme.cadence if theme.cadence in ("once", "open") else "fixed"


def local_start(rng: random.Random, month: int, timezone: str) -> datetime:
    """A weekday during business hours in the host's own time zone.

    Days 2 to 27 keep the UTC date inside the same month for every time zone.
    """
    while True:
        day = rng.randint(2, 27)
        hour = rng.randint(8, 16)
        minute = rng.choice((0, 15, 30, 45))
        moment = datetime(YEAR, month, day, hour, minute, tzinfo=ZoneInfo(timezone))
        if moment.isoweekday() <= 5:
            return moment


def draw_meeting_id(rng: random.Random, used: set[int]) -> int:
    """A new meeting number: 11 digits, as Zoom issues now, or 10 as it used to."""
    while True:
        if rng.random() < 0.6:
            candidate = rng.randint(81_000_000_000, 99_999_999_999)
        else:
            candidate = rng.randint(2_000_000_000, 9_999_999_999)
        if candidate not in used:
            used.add(candidate)
            return candidate


def build_meetings(rng: random.Random, members: list[Member]) -> list[Json]:
    used_ids = {m.record["pmi"] for m in members}
    meetings = [
        build_meeting(rng, slot, members, used_ids) for slot in plan_slots(rng, members)
    ]
    plant_awkward_uuids(rng, meetings)
    return meetings


def build_meeting(
    rng: random.Random, slot: Slot, members: list[Member], used_ids: set[int]
) -> Json:
    host = slot.host.record
    start_local = local_start(rng, slot.month, host["timezone"])
    duration = rng.choice(slot.theme.durations)
    if slot.host.person.plan == 1:
        duration = min(duration, BASIC_PLAN_LIMIT_MINUTES)

    topic = slot.theme.topic.format(
        quarter=(slot.month - 1) // 3 or 4,
        sprint=(start_local.isocalendar().week + 1) // 2,
    )
    password = "".join(rng.choice(ALPHANUMERIC) for _ in range(rng.randint(6, 10)))
    encrypted = "".join(rng.choice(ALPHANUMERIC) for _ in range(30)) + ".1"
    meeting: Json = {
        "uuid": meeting_uuid(rng, lambda _: True),
        "id": draw_meeting_id(rng, used_ids),
        "host_id": host["id"],
        "host_email": host["email"],
        "assistant_id": "",
        "topic": topic,
        "type": slot.meeting_type,
        "status": "waiting",
        "start_time": iso(start_local),
        "duration": duration,
        "timezone": host["timezone"],
        "agenda": slot.theme.agenda,
        "created_at": iso(creation_time(rng, slot.meeting_type, start_local)),
        "password": password,
        "h323_password": digits(rng, len(password)),
        "pstn_password": digits(rng, len(password)),
        "encrypted_password": encrypted,
        "pre_schedule": False,
        "settings": build_settings(rng, slot),
    }

    if slot.meeting_type == 8:
        recurrence, occurrences = build_recurrence(rng, slot.theme.cadence, start_local)
        meeting["recurrence"] = recurrence
        meeting["occurrences"] = [
            {
                "occurrence_id": str(int(moment.timestamp() * 1000)),
                "start_time": iso(moment),
                "duration": duration,
                "status": "available",
            }
            for moment in occurrences
        ]
    if slot.legacy:
        meeting["legacy_ids"] = [LEGACY_MEETING_ID]

    add_artefacts(rng, meeting, slot, members, start_local.astimezone(UTC))
    return meeting


def creation_time(rng: random.Random, meeting_type: int, start: datetime) -> datetime:
    """Instant meetings are created as they start; others days or weeks ahead."""
    if meeting_type == 1:
        return start - timedelta(seconds=rng.randint(5, 90))

    created = start - timedelta(days=rng.randint(1, 21), seconds=rng.randrange(86_400))
    return min(created, AS_OF - timedelta(seconds=rng.randint(3_600, 86_400)))


def build_settings(rng: random.Random, slot: Slot) -> Json:
    join_before_host = rng.random() < 0.3
    chat = rng.random() < 0.4
    return {
        "host_video": rng.random() < 0.7,
        "participant_video": rng.random() < 0.5,
        "join_before_host": join_before_host,
        "jbh_time": rng.choice((0, 5, 10)) if join_before_host else 0,
        "mute_upon_entry": rng.random() < 0.4,
        "watermark": rng.random() < 0.1,
        "use_pmi": False,
        "approval_type": 2,
        "audio": rng.choice(("both", "both", "voip", "telephony")),
        "auto_recording": recording_mode(rng, slot),
        "waiting_room": rng.random() < 0.5,
        "meeting_authentication": rng.random() < 0.3,
        "encryption_type": "enhanced_encryption",
        "continuous_meeting_chat": {
            "enable": chat,
            "auto_add_invited_external_users": False,
            "auto_add_meeting_participants": chat,
        },
    }


def recording_mode(rng: random.Random, slot: Slot) -> str:
    """Cloud recording needs a licensed host; Basic hosts record locally if at all."""
    if slot.legacy:
        return "cloud"
    if slot.host.person.plan == 2:
        return rng.choices(("cloud", "none", "local"), weights=(8, 1, 1))[0]
    return rng.choice(("local", "none"))


def build_recurrence(
    rng: random.Random, cadence: str, first: datetime
) -> tuple[Json, list[datetime]]:
    """Zoom's recurrence object for a cadence, and the occurrences it yields."""
    if cadence == "daily":
        rule: Json = {"type": 1, "repeat_interval": 1}
    elif cadence == "weekdays":
        rule = {"type": 2, "repeat_interval": 1, "weekly_days": "2,3,4,5,6"}
    elif cadence in ("weekly", "biweekly"):
        interval = 2 if cadence == "biweekly" else 1
        rule = {
            "type": 2,
            "repeat_interval": interval,
            "weekly_days": str(zoom_weekday(first)),
        }
    else:
        rule = {"type": 3, "repeat_interval": 1, "monthly_day": first.day}

    count = rng.randint(3, 8)
    occurrences = list(itertools.islice(recur(rule, first), count))
    if rng.random() < 0.5:
        rule["end_times"] = count
    else:
        last_day = occurrences[-1].replace(hour=23, minute=59)
        rule["end_date_time"] = iso(last_day)
    return rule, occurrences


def recur(rule: Json, first: datetime) -> Iterator[datetime]:
    """Every occurrence of a Zoom recurrence rule, in local wall-clock time."""
    interval = rule["repeat_interval"]
    if rule["type"] == 1:
        for step in itertools.count(0, interval):
            yield first + timedelta(days=step)

    elif rule["type"] == 2:
        days = {int(day) for day in rule["weekly_days"].split(",")}
        week_start = first - timedelta(days=zoom_weekday(first) - 1)
        for offset in itertools.count():
            moment = first + timedelta(days=offset)
            week = (moment - week_start).days // 7
            if week % interval == 0 and zoom_weekday(moment) in days:
                yield moment

    else:
        for step in itertools.count(0, interval):
            years, month = divmod(first.month - 1 + step, 12)
            yield first.replace(year=first.year + years, month=month + 1)


def add_artefacts(
    rng: random.Random,
    meeting: Json,
    slot: Slot,
    members: list[Member],
    start: datetime,
) -> None:
    """Give a past meeting what Zoom keeps after it ends; leave a future one bare."""
    if start >= AS_OF:
        meeting["recording_files"] = []
        meeting["participants"] = []
        return

    end = start + timedelta(minutes=meeting["duration"] + rng.randint(-4, 6))
    people = choose_attendees(rng, slot, members)
    participants = build_participants(rng, people, start, end)
    summary, cues = write_minutes(rng, slot.theme, meeting["topic"], people)
    vtt = render_vtt(rng, cues, int((end - start).total_seconds()))

    meeting["summary_created_time"] = iso(end + timedelta(seconds=rng.randint(60, 600)))
    meeting["summary"] = summary
    meeting["vtt_data"] = vtt
    files: list[Json] = []
    if meeting["settings"]["auto_recording"] == "cloud":
        meeting["recording_play_passcode"] = zoom_id(rng) + zoom_id(rng)[:10]
        files = build_recording_files(rng, meeting["uuid"], start, end, vtt)
    meeting["recording_files"] = files
    meeting["participants"] = participants


class Attendee(NamedTuple):
    name: str
    email: str
    user_id: str
    internal: bool


def choose_attendees(
    rng: random.Random, slot: Slot, members: list[Member]
) -> list[Attendee]:
    """The host first, then colleagues from the same account and perhaps guests."""
    host = slot.host.record
    colleagues = [
        Attendee(m.record["display_name"], m.record["email"], m.record["id"], True)
        for m in members
        if m.person.account == slot.host.person.account
        and m.record["id"] != host["id"]
        and m.person.status != "pending"
        and m.person.hosts_until >= slot.month
    ]
    wanted = rng.randint(*slot.theme.guests)
    pool = colleagues
    if slot.theme.external or len(colleagues) < wanted:
        pool = colleagues + [
            Attendee(name, email, "", False)
            for name, email in rng.sample(EXTERNAL_GUESTS, 4)
        ]

    guests = rng.sample(pool, min(wanted, len(pool)))
    host_attendee = Attendee(host["display_name"], host["email"], host["id"], True)
    return [host_attendee, *guests]


def build_participants(
    rng: random.Random, people: list[Attendee], start: datetime, end: datetime
) -> list[Json]:
    used_numbers: set[str] = set()
    participants = []
    for position, person in enumerate(people):
        if position == 0:
            joined = start - timedelta(seconds=rng.randint(0, 90))
            left = end
        else:
            joined = start + timedelta(seconds=rng.randint(-60, 300))
            left = end - timedelta(seconds=rng.randint(0, 240))
            if rng.random() < 0.15:
                stay = (left - joined).total_seconds() * rng.uniform(0.4, 0.8)
                left = joined + timedelta(seconds=int(stay))

        number = str(rng.randint(16_000_000, 34_000_000))
        while number in used_numbers:
            number = str(rng.randint(16_000_000, 34_000_000))
        used_numbers.add(number)
        participants.append(
            {
                "id": person.user_id or zoom_id(rng),
                "name": person.name,
                "user_id": number,
                "registrant_id": "",
                "user_email": person.email,
                "join_time": iso(joined),
                "leave_time": iso(left),
                "duration": int((left - joined).total_seconds()),
                "failover": False,
                "status": "in_meeting",
                "internal_user": person.internal,
            }
        )
    return participants


def write_minutes(
    rng: random.Random, theme: Theme, topic: str, people: list[Attendee]
) -> tuple[Json, list[tuple[str, str]]]:
    """The AI summary and the spoken lines behind it, drawn from the same points."""
    host, guests = people[0], people[1:]
    points = [theme.points[i] for i in sorted(rng.sample(range(4), rng.randint(3, 4)))]
    actions = [
        theme.actions[i] for i in sorted(rng.sample(range(4), rng.randint(2, 4)))
    ]
    owners = [rng.choice([p for p in people if p.internal]) for _ in actions]

    cues = [(host.name, rng.choice(OPENERS).format(topic=topic))]
    spare_reactions = MAX_CUES - (2 + len(points) + 2 * len(actions))
    for _, _, spoken in points:
        speaker = rng.choice(guests)
        cues.append((speaker.name, spoken))
        if spare_reactions > 0 and rng.random() < 0.5:
            others = [p for p in people if p != speaker]
            cues.append((rng.choice(others).name, rng.choice(REACTIONS)))
            spare_reactions -= 1
    for action, owner in zip(actions, owners, strict=True):
        if owner == host:
            cues.append((host.name, f"I'll {action} myself."))
        else:
            cues.append((host.name, f"{owner.name.split()[0]}, can you {action}?"))
            cues.append((owner.name, rng.choice(ACKNOWLEDGEMENTS)))
    cues.append((host.name, rng.choice(CLOSERS)))

    summary = {
        "title": f"Meeting summary for {topic}",
        "overview": theme.overview.format(host=host.name.split()[0]),
        "details": [{"label": label, "summary": text} for label, text, _ in points],
        "next_steps": [
            f"{owner.name} will {action}."
            for action, owner in zip(actions, owners, strict=True)
        ],
    }
    return summary, cues


def render_vtt(rng: random.Random, cues: list[tuple[str, str]], span: int) -> str:
    """A WebVTT transcript with the cues spread evenly over the meeting."""
    share = span * 1_000 // (len(cues) + 1)
    blocks = []
    for number, (speaker, text) in enumerate(cues, start=1):
        begin = share * (number - 1) + rng.randint(1_000, max(1_001, share // 3))
        length = min(1_500 + 55 * len(text), share * 9 // 10)
        timing = f"{vtt_clock(begin)} --> {vtt_clock(begin + length)}"
        blocks.append(f"{number}\n{timing}\n{speaker}: {text}")
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def vtt_clock(milliseconds: int) -> str:
    seconds, millis = divmod(milliseconds, 1_000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def build_recording_files(
    rng: random.Random, instance_uuid: str, start: datetime, end: datetime, vtt: str
) -> list[Json]:
    begin = start + timedelta(seconds=rng.randint(5, 60))
    seconds = int((end - begin).total_seconds())
    transcript_size = len(vtt.encode())
    sizes = {
        "MP4": seconds * rng.randint(40_000, 110_000),
        "M4A": seconds * rng.randint(14_000, 17_000),
        "TRANSCRIPT": transcript_size,
        "CHAT": rng.randint(400, 9_000),
        "CC": transcript_size + rng.randint(200, 2_000),
    }

    files = []
    for file_type, extension, recording_type, chance in RECORDING_KINDS:
        if rng.random() >= chance:
            continue
        files.append(
            {
                "id": str(uuid.UUID(bytes=rng.randbytes(16), version=4)),
                "meeting_id": instance_uuid,
                "recording_start": iso(begin),
                "recording_end": iso(end),
                "file_type": file_type,
                "file_extension": extension,
                "file_size": sizes[file_type],
                "recording_type": recording_type,
                "status": "completed",
            }
        )
    return files


def plant_awkward_uuids(rng: random.Random, meetings: list[Json]) -> None:
    """Give recorded meetings UUIDs that need Zoom's double URL-encoding.

    A UUID that starts with "/" or contains "//" must be encoded twice in a path,
    and any "/" needs encoding at least once; clients get this wrong often, so the
    seed data makes sure the mock meets each case.
    """
    rules: tuple[Callable[[str], bool], ...] = (
        lambda value: "//" in value,
        lambda value: value.startswith("/"),
        lambda value: "/" in value,
        lambda value: "/" in value,
    )
    candidates = [m for m in meetings if m["recording_files"] and "legacy_ids" not in m]
    taken = {m["uuid"] for m in meetings}
    for meeting, rule in zip(rng.sample(candidates, len(rules)), rules, strict=True):
        fresh = meeting_uuid(
            rng, lambda value, rule=rule: rule(value) and value not in taken
        )
        taken.add(fresh)
        meeting["uuid"] = fresh
        for recording in meeting["recording_files"]:
            recording["meeting_id"] = fresh


def link_hosts(members: list[Member], meetings: Sequence[Json]) -> None:
    by_id = {member.record["id"]: member.record for member in members}
    for meeting in meetings:
        host = by_id[meeting["host_id"]]
        host["meeting_ids"].append(meeting["id"])
        if meeting["recording_files"]:
            host["recording_meeting_ids"].append(meeting["id"])


def build_seed(rng: random.Random) -> tuple[list[Json], list[Json], list[Json]]:
    accounts = build_accounts(rng)
    members = build_users(rng, accounts)
    meetings = build_meetings(rng, members)
    link_hosts(members, meetings)
    return accounts, [member.record for member in members], meetings


def write_json(path: Path, value: object) -> None:
    text = json.dumps(value, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")


def write_seed(
    out_dir: Path, accounts: list[Json], users: list[Json], meetings: list[Json]
) -> None:
    users_dir = out_dir / "users"
    meetings_dir = out_dir / "meetings"
    for folder in (users_dir, meetings_dir):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in sorted(folder.glob("*.json")):
            stale.unlink()

    write_json(out_dir / "accounts.json", accounts)
    for user in users:
        write_json(users_dir / f"{user['id']}.json", user)
    for meeting in meetings:
        write_json(meetings_dir / f"{meeting['id']}.json", meeting)


def main(out_dir: Path = DATA_DIR) -> None:
    """Regenerate every seed file under out_dir from the fixed seed."""
    accounts, users, meetings = build_seed(random.Random(SEED))
    write_seed(out_dir, accounts, users, meetings)
    logging.getLogger(__name__).info(
        "Wrote %d accounts, %d users and %d meetings to %s.",
        len(accounts),
        len(users),
        len(meetings),
        out_dir,
    )


def cli(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate zoom-mock's seed data.")
    parser.add_argument(
        "--out",
        type=Path,
        default=DATA_DIR,
        help="folder to write accounts.json, users/ and meetings/ into",
    )
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main(arguments.out)


if __name__ == "__main__":
    cli()
