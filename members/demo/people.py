"""Plausible people: names, genders, birth dates, parties, employers and unique phone numbers."""

import datetime
import random

from . import data

PHONE_PREFIXES = ["138", "139", "137", "135", "136", "150", "151", "152", "158", "159", "182", "187", "188", "177", "189"]


class People:
    """A deterministic source of people for one demo build (seeded `random.Random`)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._phones = 0
        self._parties = [p for p, _ in data.PARTY_WEIGHTS]
        self._party_weights = [w for _, w in data.PARTY_WEIGHTS]

    def phone(self):
        """Unique across the build: the suffix is a bijection of a counter modulo 10^8."""
        self._phones += 1
        n = self._phones
        return f"{PHONE_PREFIXES[n % len(PHONE_PREFIXES)]}{(n * 7919 + 1234567) % 10**8:08d}"

    def gender(self):
        return "m" if self.rng.random() < 0.68 else "f"  # about a third of members are women

    def name(self, gender, surname=None):
        rng = self.rng
        chars = data.GIVEN_MALE if gender == "m" else data.GIVEN_FEMALE
        given = rng.choice(chars)
        if rng.random() < 0.75:
            given = rng.choice(data.GIVEN_ANY + chars) + given
        return (surname or rng.choice(data.SURNAMES)) + given

    def birth_date(self, today):
        age = self.rng.randint(32, 62)
        return datetime.date(today.year - age, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def party(self, sector_name):
        if sector_name in data.SECTOR_PARTY:
            return data.SECTOR_PARTY[sector_name]
        if sector_name == "民主党派":
            return self.rng.choice(data.DEMOCRATIC_PARTIES[:-1])
        return self.rng.choices(self._parties, self._party_weights)[0]

    def employer(self, sector_name, place):
        """(employer, position) fitting the sector, e.g. ("临沭县人民医院", "主任医师")."""
        options = next((opts for key, opts in data.EMPLOYERS.items() if key in sector_name), data.EMPLOYERS_DEFAULT)
        employer, position = self.rng.choice(options)
        return employer.format(place=place), position
