"""Display formats per language (settings.FORMAT_MODULE_PATH), layered over Django's own.

Only what we decide differently from Django is set here; everything else (month names, input
formats not listed) still comes from `django.conf.locale`. The choices:

- Dates are written out, never as digits only. Officers, enterprises and partner customs abroad
  read these pages: "11/12/2026" means November to one reader and December to another, and a bare
  ISO date reads as a code rather than a day in running text. Chinese uses the national form
  "2026年11月26日"; English uses day, abbreviated month, year, "26 Nov 2026", which no reader can
  misread and which is the form of the WCO's and most customs administrations' English documents.
- Times are 24-hour and shown in the customs' time zone (settings.TIME_ZONE): clearance runs
  around the clock, and "14:30" needs no a.m./p.m.
- Numbers group thousands with "," every three digits in both languages, with "." for decimals
  (CLDR's standard pattern for zh and en; Django ships zh_Hans with no separator at all). Grouping
  is applied where a count is shown (`intcomma`, `core.display.format_count`), not
  globally with USE_THOUSAND_SEPARATOR: numbers in templates also build URLs, form values, chart
  coordinates and identifiers such as years and codes, which must stay plain.
- Date inputs keep accepting (and showing) ISO `2026-11-26` first: browsers' date pickers need it
  and imports and the API use it.
"""
