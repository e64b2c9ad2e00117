"""Generate articles in the seed's format for benchmarks: deterministic for a given seed.

Each article is a different party with its own office-holder table (10 to 20 terms with
day-precision dates, some with description rows), founding and dissolution in prose, and an
infobox. Names come from small pools, so some people appear in several articles, as
Brezhnev does in real ones.
"""

from __future__ import annotations

import datetime as dt
import random

FIRST = ["Anton", "Milena", "Pavel", "Ivan", "Olga", "Nikolai", "Aigerim", "Bolat", "Petr", "Zofia", "Karel", "Irina", "Dmitri", "Saule", "Tomas", "Vera"]
LAST = ["Vrba", "Horak", "Simek", "Petrov", "Ivanova", "Suleimenov", "Kovac", "Novak", "Sokolov", "Abenov", "Marek", "Orlova", "Bekov", "Dvorak", "Lebedev", "Kral"]
PLACES = ["Elbonia", "Ruritania", "Syldavia", "Borduria", "Freedonia", "Latveria", "Genovia", "Molvania", "Zubrowka", "Kurland"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def _day(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def article(number: int, seed: int = 0) -> tuple[str, str]:
    """(file name, text) of the ``number``-th generated article."""
    rng = random.Random(seed * 1_000_003 + number)
    place = f"{rng.choice(PLACES)} {number}"
    name = f"Communist Party of {place}"
    founded = dt.date(rng.randint(1918, 1940), rng.randint(1, 12), rng.randint(1, 28))
    day = founded + dt.timedelta(days=rng.randint(30, 400))
    rows = []
    for ordinal in range(1, rng.randint(10, 20) + 1):
        end = day + dt.timedelta(days=rng.randint(200, 3000))
        holder = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        rows.append(f"| {ordinal} | | {holder} | {_day(day)} | {_day(end)} | | Communist | — |")
        if rng.random() < 0.3:
            rows.append(f"| Led the party through the {rng.choice(['reforms', 'purges', 'war years', 'thaw'])} of the {end.year // 10 * 10}s. | | | | | | | |")
        day = end
    dissolved = day + dt.timedelta(days=rng.randint(1, 60))
    text = f"""= {name} =

{name}
- Founded: {_day(founded)}
- Dissolved: {_day(dissolved)}
- Country: {place}
- National: Communist Party of the Soviet Union

The {name} was the ruling party of the {place} Soviet Socialist Republic.

== History ==
The {name} was founded on {_day(founded)}. It was a branch of the Communist Party of the Soviet Union (CPSU).

== Dissolution ==
The party was dissolved on {_day(dissolved)}.

== First Secretaries ==
| | Chairman | Term of office | Political party | Ref | | | |
| Portrait | Name | Took office | Left office | Time in office | | | |
""" + "\n".join(rows) + "\n"
    return f"communist-party-of-{place.lower().replace(' ', '-')}.txt", text
