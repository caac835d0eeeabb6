"""The steps /dangky and /sua share, written once: a commune among those found (a screen at
a time, «Xem thêm»), a village, a team role and an organisation. Each dialog says where a
step goes next (`then`); what is asked and how an answer is read is here."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from core.dialogs import Next, Retry, Step, Turn, paged_choice, payload
from core.model import Option, Reply
from handlers.members.common import NEW_VILLAGE, RETYPE, MembersServices
from members import texts, validation
from members.model import ORGANISATIONS, TEAM_ROLES, Village
from members.places import COMMUNE_PAGE, Commune, CommuneDirectory
from members.validation import Invalid
from members.villages import similar

Then = Callable[[Turn, str], "Next | Awaitable[Next]"]
"""What a dialog does with an answer read by a shared step: returns where to go next."""
Options = Callable[[str, Iterable[tuple[str, str | int]]], tuple[Option, ...]]


async def _next(value: Next | Awaitable[Next]) -> Next:
    return await value if inspect.isawaitable(value) else value


# --- choosing a commune and a village --------------------------------------------------------


def commune_matches(directory: CommuneDirectory, text: str) -> list[Commune]:
    """Every commune a typed name matches, best first; Invalid with the reason when none."""
    if not text.strip():
        raise Invalid(texts.COMMUNE_EMPTY)
    found = directory.matches(text)
    if not found:
        raise Invalid(texts.COMMUNE_NOT_FOUND.format(
            text=text.strip()[:60], province=directory.province_name))
    return found


@dataclass(frozen=True)
class VillageChoice:
    """A typed village: the existing one with the same key, or close ones, and the new name."""

    key: str
    name: str
    same: Village | None
    close: list[Village]
    commune: str = ""  # the commune's name, "Phường Quảng Phú"


async def village_choice(services: MembersServices, commune_code: str, key: str,
                         name: str) -> VillageChoice:
    villages = await services.registry.villages_of(commune_code)
    same = next((v for v in villages if v.match_key == key), None)
    close = [] if same else similar(key, [(v.match_key, v) for v in villages])
    commune = services.directory.get(commune_code)
    return VillageChoice(key, name, same, close, commune.name if commune else "")


def village_reply(choice: VillageChoice, options: Options, step: str) -> Reply:
    """Ask the person to confirm: the same village, one of the close ones, or a new one."""
    choices: list[tuple[str, str | int]] = []
    if choice.same is not None:
        text = texts.VILLAGE_FOUND.format(name=choice.same.name)
        choices.append((texts.OPTION_VILLAGE_SAME.format(name=choice.same.name), choice.same.id))
    else:
        text = texts.VILLAGE_CLOSE if choice.close else texts.VILLAGE_NEW.format(
            name=choice.name, commune=choice.commune) if choice.commune else \
            texts.VILLAGE_NEW_HERE.format(name=choice.name)
        choices += [(v.name, v.id) for v in choice.close]
        choices.append((texts.OPTION_VILLAGE_NEW.format(name=choice.name), NEW_VILLAGE))
    choices.append((texts.OPTION_RETYPE, RETYPE))
    return Reply(text, options=options(step, choices))


def store_village_choice(data: dict[str, Any], choice: VillageChoice) -> None:
    """Keep a typed village and what it matched in the dialog, for the next question."""
    data.update(
        village_key=choice.key, village_name=choice.name,
        village_same={"id": choice.same.id, "name": choice.same.name,
                      "key": choice.same.match_key} if choice.same else None,
        village_close=[{"id": v.id, "name": v.name, "key": v.match_key} for v in choice.close],
        village_commune=choice.commune,
    )


def stored_village_choice(data: dict[str, Any]) -> VillageChoice:
    """The village choice again, rebuilt from what a dialog stored."""

    def village(v: dict[str, Any]) -> Village:
        return Village(v["id"], data["commune"], v["name"], v["key"])

    same = data.get("village_same")
    return VillageChoice(
        data["village_key"], data["village_name"], village(same) if same else None,
        [village(v) for v in data.get("village_close", [])], data.get("village_commune", ""),
    )


def offered_village(data: dict[str, Any], value: str) -> dict[str, Any] | None:
    """The village a pressed button names, among those the dialog offered."""
    offered = {v["id"]: v for v in [data.get("village_same"), *data["village_close"]] if v}
    return offered.get(int(value)) if value.isdigit() else None


# --- the shared steps ------------------------------------------------------------------------


class SharedSteps:
    """Builds the steps of one dialog (its button prefix, its questions by step name)."""

    def __init__(self, services: MembersServices, prefix: str,
                 questions: Mapping[str, str]) -> None:
        self.s = services
        self.prefix = prefix
        self.questions = questions

    def options(self, step: str, choices: Iterable[tuple[str, str | int]]) -> tuple[Option, ...]:
        """Buttons answering `step` (the payloads StepDialog.options builds)."""
        return tuple(Option(label, payload(self.prefix, step, value)) for label, value in choices)

    # --- communes ---------------------------------------------------------------------------

    def commune_typed(self, pick: str) -> Callable[[Turn, str], Next]:
        """A reader of a typed commune name: keeps every match and asks `pick`."""

        def read(turn: Turn, text: str) -> Next:
            turn.data["communes"] = [c.code for c in commune_matches(self.s.directory, text)]
            return pick

        return read

    def commune_pick(self, step: str, *, retype: str, then: str,
                     also_reads: tuple[str, ...] = (),
                     also_allowed: Callable[[Turn], Iterable[str]] = lambda turn: (),
                     ) -> Step:
        """The communes found, a screen at a time («Xem thêm», core.dialogs.paged_choice),
        and «type again» (goes to `retype`); the chosen one is `data["commune"]` and the
        dialog goes to `then`."""

        def found(turn: Turn) -> list[tuple[str, str | int]]:
            communes = map(self.s.directory.get, turn.data.get("communes", []))
            return [(c.name, c.code) for c in communes if c is not None]

        def pressed(turn: Turn, value: str) -> Next:
            if value == RETYPE:
                return retype
            if value not in turn.data.get("communes", []) and value not in also_allowed(turn):
                raise Retry(texts.OLD_CHOICE)
            turn.data["commune"] = value
            return then

        return paged_choice(
            self.prefix, step, lambda turn: self.questions[step], found, size=COMMUNE_PAGE,
            after=[(texts.OPTION_RETYPE, RETYPE)], then=pressed, text=self.commune_typed(step),
            also_reads=also_reads)

    # --- villages ---------------------------------------------------------------------------

    def village_typed(self, pick: str) -> Callable[[Turn, str], Awaitable[Next]]:
        """A reader of a typed village name: what it matches in the chosen commune."""

        async def read(turn: Turn, text: str) -> Next:
            key, name = validation.village(text)
            store_village_choice(turn.data, await village_choice(
                self.s, turn.data["commune"], key, name))
            return pick

        return read

    def village_pick(self, step: str, *, retype: str, then: Then) -> Step:
        """The village found, close ones or a new one; the chosen one is `village_id`
        (None: new), `village_name` and `village_key` in the data, then `then(turn, id)`."""

        def ask(turn: Turn) -> Reply:
            return village_reply(stored_village_choice(turn.data), self.options, step)

        async def pressed(turn: Turn, value: str) -> Next:
            data = turn.data
            if value == RETYPE:
                return retype
            if value == NEW_VILLAGE:
                data["village_id"] = None
            else:
                chosen = offered_village(data, value)
                if chosen is None:
                    raise Retry(texts.OLD_CHOICE)
                data.update(village_id=chosen["id"], village_name=chosen["name"],
                            village_key=chosen["key"])
            return await _next(then(turn, value))

        return Step(ask, text=self.village_typed(step), button=pressed)

    # --- team role and organisation ---------------------------------------------------------

    def role(self, step: str, then: Then) -> Step:
        """The team role, pressed or typed; `then(turn, role)`."""
        return self._choice(step, then, texts.TEAM_ROLE_LABELS, TEAM_ROLES, validation.team_role)

    def organisation(self, step: str, then: Then) -> Step:
        """The organisation, pressed or typed; `then(turn, organisation)`."""
        return self._choice(step, then, texts.ORGANISATION_LABELS, ORGANISATIONS,
                            validation.organisation)

    def _choice(self, step: str, then: Then, labels: Mapping[str, str], values: Iterable[str],
                typed: Callable[[str], str]) -> Step:
        values = tuple(values)

        def ask(turn: Turn) -> Reply:
            return Reply(self.questions[step],
                         options=self.options(step, ((labels[v], v) for v in values)))

        async def text(turn: Turn, answer: str) -> Next:
            return await _next(then(turn, typed(answer)))

        async def pressed(turn: Turn, value: str) -> Next:
            if value not in values:
                raise Retry(texts.OLD_CHOICE)
            return await _next(then(turn, value))

        return Step(ask, text=text, button=pressed)
