"""What a demo build hands from one step to the next, and to the apps' `demo.seed(context)` hooks."""

import random
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    """The built organisation, keyed for quick lookup.

    committees: place name → Committee ("安徽省", "滁州市", "临沭县", "乌衣镇" …)
    specs: place name → CommitteeSpec (what the plan asked for)
    members / units / sectors / special_committees: committee id → list of rows, in creation order
    current_term / current_session: committee id → the current Term / its latest Session
    users: username → User of each named demo account; accounts: (username, description) to print
    password / password_hash: the demo password (every generated account shares the one hash)
    """

    scale: str
    password: str
    password_hash: str
    rng: random.Random
    today: object  # date
    log: object = print
    people: object = None  # members.demo.people.People: names and unique phones
    committees: dict = field(default_factory=dict)
    specs: dict = field(default_factory=dict)
    members: dict = field(default_factory=lambda: defaultdict(list))
    units: dict = field(default_factory=lambda: defaultdict(list))
    sectors: dict = field(default_factory=lambda: defaultdict(list))
    special_committees: dict = field(default_factory=lambda: defaultdict(list))
    current_term: dict = field(default_factory=dict)
    current_session: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)

    def committee(self, key):
        return self.committees[key]

    def members_of(self, key):
        return self.members[self.committees[key].pk]

    def units_of(self, key):
        return self.units[self.committees[key].pk]

    def add_account(self, user, description):
        """Register a named login to print at the end (hooks may add their own)."""
        self.users[user.username] = user
        self.accounts.append((user.username, description))
