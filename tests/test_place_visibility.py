"""One place-visibility rule: who sees which commune (members.principals.sees_commune), and
the statistics' scopes (activity.scope.can_see) built on it."""

from __future__ import annotations

import pytest

from activity.scope import PROVINCE, Scope, can_see
from core.roles import Principal, Role
from members.principals import sees_commune

HOME, OTHER = "26734", "26740"
LAN = Principal(Role.MEMBER, member_id=7, commune_code=HOME, village_id=3, status="approved")
LEADER = Principal(Role.TEAM_LEADER, 8, HOME, 3, "approved")
COMMUNE = Principal(Role.COMMUNE_COORDINATOR, 9, HOME, 4, "approved")
PROVINCE_COORD = Principal(Role.PROVINCE_COORDINATOR, 10, OTHER, 5, "approved")
ADMIN = Principal(Role.ADMIN)
VILLAGER = Principal()

HOME_COMMUNE = Scope("commune", "Phường Quảng Phú", HOME)
OTHER_COMMUNE = Scope("commune", "Xã Hoằng Châu", OTHER)
OWN_VILLAGE = Scope("village", "Thôn 1", HOME, village_id=3)
NEXT_VILLAGE = Scope("village", "Thôn 2", HOME, village_id=4)
FAR_VILLAGE = Scope("village", "Thôn 9", OTHER, village_id=40)
HERSELF = Scope("member", "Lan", HOME, 3, member_id=7)
NEIGHBOUR = Scope("member", "Hoa", HOME, 3, member_id=11)


@pytest.mark.parametrize(("who", "communes"), [
    (VILLAGER, set()), (LAN, set()), (LEADER, set()), (COMMUNE, {HOME}),
    (PROVINCE_COORD, {HOME, OTHER, None}), (ADMIN, {HOME, OTHER, None}),
])
def test_who_sees_which_commune(who: Principal, communes: set[str | None]) -> None:
    assert {c for c in (HOME, OTHER, None) if sees_commune(who, c)} == communes


@pytest.mark.parametrize(("who", "seen"), [
    (VILLAGER, set()),
    (LAN, {"own village", "herself"}),
    (LEADER, {"own village"}),
    (COMMUNE, {"home commune", "own village", "next village", "herself", "neighbour"}),
    (PROVINCE_COORD, {"province", "home commune", "other commune", "own village",
                      "next village", "far village", "herself", "neighbour"}),
])
def test_statistics_scopes_follow_the_same_rule(who: Principal, seen: set[str]) -> None:
    scopes = {"province": PROVINCE, "home commune": HOME_COMMUNE,
              "other commune": OTHER_COMMUNE, "own village": OWN_VILLAGE,
              "next village": NEXT_VILLAGE, "far village": FAR_VILLAGE, "herself": HERSELF,
              "neighbour": NEIGHBOUR}
    assert {name for name, scope in scopes.items() if can_see(who, scope)} == seen
    for name, scope in scopes.items():  # a commune's figures exactly when its commune is seen
        if scope.kind == "commune" or name == "province":
            assert can_see(who, scope) == sees_commune(who, scope.commune_code)
