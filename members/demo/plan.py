"""What each scale builds: a list of committee specs, parents before children."""

import random
from dataclasses import dataclass, field

from members.enums import CommitteeLevel

from . import data

SCALES = ("small", "city", "province")

# The committees the demo accounts and the tests rely on, in every scale.
CHUZHOU = "滁州市"
LINSHU = "临沭县"
CHUZHOU_MEMBERS = 226
LINSHU_MEMBERS = 213
PROVINCE_UNIT_TOTAL = 300


@dataclass
class CommitteeSpec:
    key: str  # place name, unique within a plan ("滁州市", "南谯区", "乌衣镇" …)
    level: str
    parent: str | None
    members: int = 0
    units: int = 0
    townships: list = field(default_factory=list)
    communities: list = field(default_factory=list)  # 委员小组, one per community

    @property
    def name(self):
        if self.level == CommitteeLevel.TOWNSHIP:
            return f"{self.key}政协工作联络组"
        if self.key == "郊区":  # 铜陵市郊区: the bare name is ambiguous
            return "铜陵市郊区政协"
        return f"{self.key}政协"

    @property
    def is_county(self):
        return self.level == CommitteeLevel.COUNTY

    @property
    def sectors(self):
        return data.COUNTY_SECTORS if self.is_county else data.CITY_SECTORS

    @property
    def special_committees(self):
        return data.COUNTY_SPECIAL_COMMITTEES if self.is_county else data.CITY_SPECIAL_COMMITTEES


def _county(key, parent, members, units, townships=True):
    return CommitteeSpec(
        key, CommitteeLevel.COUNTY, parent, members=members, units=units,
        townships=list(data.TOWNSHIPS.get(key, [])) if townships else [],
    )


def _shandong():
    """山东省 → 临沂市 → 临沭县 (213 members, 17 sectors, 5 special committees, 9 镇街), in every scale."""
    return [
        CommitteeSpec("山东省", CommitteeLevel.PROVINCE, None, members=30, units=4),
        CommitteeSpec("临沂市", CommitteeLevel.CITY, "山东省", members=60, units=6),
        _county(LINSHU, "临沂市", LINSHU_MEMBERS, 16),
    ]


def _chuzhou():
    return CommitteeSpec(
        CHUZHOU, CommitteeLevel.CITY, "安徽省", members=CHUZHOU_MEMBERS, units=16,
        communities=list(data.CHUZHOU_COMMUNITIES),
    )


def build_plan(scale, rng: random.Random):
    """The committee specs for a scale (townships are added by the builder from each spec)."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    if scale == "small":
        specs = [
            CommitteeSpec("安徽省", CommitteeLevel.PROVINCE, None, members=30, units=6),
            _chuzhou(),
            _county("南谯区", CHUZHOU, 40, 4),
            _county("琅琊区", CHUZHOU, 40, 4),
        ]
    elif scale == "city":
        specs = [CommitteeSpec("安徽省", CommitteeLevel.PROVINCE, None, members=60, units=8), _chuzhou()]
        specs += [_county(c, CHUZHOU, rng.randint(180, 230), 8) for c in data.ANHUI[CHUZHOU]]
    else:
        specs = _province(rng)
    return specs + _shandong()


def _province(rng):
    """All of Anhui: 1 + 16 cities + 104 counties; ~30,000 members and 300 units with 临沭's tree."""
    specs = [CommitteeSpec("安徽省", CommitteeLevel.PROVINCE, None, members=800, units=24)]
    counties = []
    for city, city_counties in data.ANHUI.items():
        specs.append(_chuzhou() if city == CHUZHOU else CommitteeSpec(
            city, CommitteeLevel.CITY, "安徽省", members=450, units=8))
        for county in city_counties:
            # Township liaison groups only where the demo shows them; keeps the tree near 120 committees.
            spec = _county(county, city, rng.randint(195, 235), 1, townships=county in ("南谯区", "琅琊区"))
            counties.append(spec)
            specs.append(spec)
    fixed = sum(s.units for s in specs) + sum(s.units for s in _shandong())
    for spec in counties[: max(0, PROVINCE_UNIT_TOTAL - fixed)]:
        spec.units += 1
    return specs
