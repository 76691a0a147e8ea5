#!/usr/bin/env python3
"""Reads an iCalendar feed on stdin and prints every event occurrence between two UTC
instants, one per line: UID, SUMMARY, the start in UTC (or the date of an all-day event),
the start's zone, and the RECURRENCE-ID when there is one. The feed tests compare this
independent expansion (Python's icalendar with recurring-ical-events) with the server's."""
import sys
from datetime import datetime, timezone, date

import icalendar
import recurring_ical_events

feed = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
start, end = (datetime.fromisoformat(a).replace(tzinfo=timezone.utc) for a in sys.argv[1:3])
for tz in feed.walk("VTIMEZONE"):
    print("ZONE", tz["TZID"], sep="|")
for event in recurring_ical_events.of(feed).between(start, end):
    begin = event["DTSTART"].dt
    if isinstance(begin, datetime):
        when, zone = begin.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), str(begin.tzinfo)
    else:
        when, zone = begin.isoformat(), ""
    rid = event.get("RECURRENCE-ID")
    print("EVENT", event["UID"], event["SUMMARY"], when, zone, rid.to_ical().decode() if rid else "", sep="|")
