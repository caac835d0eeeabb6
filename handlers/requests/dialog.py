"""/nhotro and /thon: where the villager lives (asked once), then what for, where, when, and
an optional phone number with an explicit consent question. A step table in SQLite."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum

from core.dialogs import Done, Next, Retry, Step, StepDialog, Turn, paged_choice
from core.model import Incoming, Reply
from core.router import Context
from handlers.requests import texts
from handlers.requests.common import RequestServices, place_text, timing_text
from help_requests.model import NewRequest
from members import validation
from members.places import COMMUNE_PAGE
from members.registry import MemberRegistry
from members.validation import Invalid, display_phone
from members.villages import match_key, similar

log = logging.getLogger(__name__)

DIALOG = "request_new"
PREFIX = "rqn"
VILLAGE_PAGE = 8  # villages a screen, then «Xem thêm»
MAX_DETAIL = 300
MAX_FREE_TEXT = 80


class AskStep(StrEnum):
    COMMUNE = "commune"
    COMMUNE_PICK = "commune_pick"
    VILLAGE = "village"
    VILLAGE_PICK = "village_pick"
    SERVICE = "service"
    DETAIL = "detail"
    WHERE = "where"
    WHEN = "when"
    CONSENT = "consent"
    PHONE = "phone"
    CONFIRM = "confirm"


class Then(StrEnum):
    """What the place steps lead to."""

    REQUEST = "request"
    PLACE = "place"
    TEAM = "team"


class RequestDialog:
    """The step table; `finish` is called with the filled-in data when Gửi is pressed."""

    def __init__(self, services: RequestServices, registry: MemberRegistry,
                 finish: Callable[[Context, Incoming, dict], Awaitable[list[Reply]]],
                 team: Callable[[Context, Incoming, str, int | None], Awaitable[list[Reply]]],
                 ) -> None:
        self.s = services
        self.registry = registry
        self.finish = finish  # Gửi pressed: open the request
        self.team = team  # the place was asked for /tothon: show the team
        self.dialog = StepDialog(
            DIALOG, PREFIX, self._steps(), retry_on=(Invalid,), old_choice=texts.OLD_CHOICE,
            choose_please=texts.CHOOSE_PLEASE)

    async def start(self, ctx: Context, msg: Incoming, then: Then,
                    service: str | None = None) -> list[Reply]:
        data: dict = {"then": then}
        if service:
            data["service"] = service
        if then is Then.REQUEST:
            place = await self.s.store.place_of(*msg.sender.key)
            if place is None and ctx.principal.village_id is not None:
                village = await self.registry.village(ctx.principal.village_id)
                if village is not None:
                    data.update(commune=village.commune_code, village=village.id)
            elif place is not None:
                data.update(commune=place.commune_code, village=place.village_id)
            if "commune" in data:
                return await self.dialog.start(ctx, msg, self._after_place(data), data)
        return await self.dialog.start(ctx, msg, AskStep.COMMUNE, data)

    def _steps(self) -> dict[str, Step]:
        return {
            AskStep.COMMUNE: Step(lambda t: Reply(texts.ASK_COMMUNE), text=self._typed_commune),
            AskStep.COMMUNE_PICK: paged_choice(
                PREFIX, AskStep.COMMUNE_PICK, lambda t: texts.PICK_COMMUNE, self._found_communes,
                size=COMMUNE_PAGE, after=[(texts.OPTION_RETYPE, "retype")],
                then=self._picked_commune, text=self._typed_commune),
            AskStep.VILLAGE: paged_choice(
                PREFIX, AskStep.VILLAGE, self._village_question, self._listed_villages,
                size=VILLAGE_PAGE, after=[(texts.OPTION_NO_VILLAGE, "none")],
                then=self._picked_village, text=self._typed_village),
            AskStep.VILLAGE_PICK: Step(self._ask_village_pick, text=self._typed_village,
                                       button=self._picked_village),
            AskStep.SERVICE: Step(self._ask_service, text=self._typed_service,
                                  button=self._picked_service),
            AskStep.DETAIL: Step(lambda t: Reply(texts.ASK_DETAIL), text=self._typed_detail),
            AskStep.WHERE: Step(self._ask_where, text=self._typed_where, button=self._picked_where),
            AskStep.WHEN: Step(self._ask_when, text=self._typed_when, button=self._picked_when),
            AskStep.CONSENT: Step(self._ask_consent, button=self._consent),
            AskStep.PHONE: Step(lambda t: Reply(texts.ASK_PHONE), text=self._typed_phone),
            AskStep.CONFIRM: Step(self._ask_confirm, button=self._confirmed),
        }

    # --- commune and village -----------------------------------------------------------------

    def _typed_commune(self, turn: Turn, text: str) -> Next:
        if not text:
            raise Retry(texts.COMMUNE_EMPTY)
        found = self.s.directory.matches(text)
        if not found:
            raise Retry(texts.COMMUNE_NOT_FOUND.format(
                text=text[:60], province=self.s.directory.province_name))
        turn.data["communes"] = [c.code for c in found]
        return AskStep.COMMUNE_PICK

    def _found_communes(self, turn: Turn) -> list[tuple[str, str | int]]:
        communes = [self.s.directory.get(code) for code in turn.data.get("communes", [])]
        return [(c.name, c.code) for c in communes if c]

    async def _picked_commune(self, turn: Turn, value: str) -> Next:
        if value == "retype":
            return AskStep.COMMUNE
        if value not in turn.data.get("communes", []):
            raise Retry(texts.OLD_CHOICE)
        turn.data["commune"] = value
        villages = await self._villages(turn)
        turn.data["has_villages"] = bool(villages)
        turn.data["listed"] = [(v.id, v.name) for v in villages]
        return AskStep.VILLAGE

    async def _villages(self, turn: Turn) -> list:
        return await self.registry.villages_of(turn.data["commune"])

    def _listed_villages(self, turn: Turn) -> list[tuple[str, str | int]]:
        return [(name, vid) for vid, name in turn.data.get("listed", [])]

    def _village_question(self, turn: Turn) -> str:
        return texts.ASK_VILLAGE if turn.data.get("has_villages") else \
            texts.ASK_VILLAGE_NONE_LISTED

    def _ask_village_pick(self, turn: Turn) -> Reply:
        choices = [(name, vid) for vid, name in turn.data.get("close", [])]
        choices += [(texts.OPTION_NO_VILLAGE, "none"), (texts.OPTION_RETYPE, "retype")]
        return Reply(texts.PICK_VILLAGE, options=self.dialog.options(AskStep.VILLAGE_PICK,
                                                                     choices))

    async def _typed_village(self, turn: Turn, text: str) -> Next:
        if not text:
            raise Retry(texts.CHOOSE_PLEASE)
        villages = await self._villages(turn)
        key = match_key(text)
        same = next((v for v in villages if v.match_key == key), None)
        if same is not None:
            return await self._place_chosen(turn, same.id)
        close = similar(key, [(v.match_key, v) for v in villages])
        commune = self.s.directory.get(turn.data["commune"])
        if not close:
            raise Retry(texts.VILLAGE_NOT_FOUND.format(
                text=text[:40], commune=commune.name if commune else ""))
        turn.data["close"] = [(v.id, v.name) for v in close]
        return AskStep.VILLAGE_PICK

    async def _picked_village(self, turn: Turn, value: str) -> Next:
        if value == "retype":
            return AskStep.VILLAGE
        if value == "none":
            return await self._place_chosen(turn, None)
        offered = {vid for vid, _ in turn.data.get("listed", []) + turn.data.get("close", [])}
        if not value.isdigit() or int(value) not in offered:
            raise Retry(texts.OLD_CHOICE)
        return await self._place_chosen(turn, int(value))

    async def _place_chosen(self, turn: Turn, village_id: int | None) -> Next:
        data = turn.data
        data["village"] = village_id
        await self.s.store.set_place(*turn.msg.sender.key, data["commune"], village_id)
        log.info("villager place saved on %s", turn.msg.sender.platform)
        then = data.get("then")
        if then == Then.TEAM:
            return Done(await self.team(turn.ctx, turn.msg, data["commune"], village_id))
        if then == Then.PLACE:
            return Done([await self.place_saved(data["commune"], village_id)])
        return self._after_place(data)

    async def place_saved(self, commune_code: str, village_id: int | None) -> Reply:
        commune = self.s.directory.get(commune_code)
        commune_name = commune.name if commune else commune_code
        if village_id is None:
            return Reply(texts.PLACE_NO_VILLAGE.format(commune=commune_name))
        village = await self.registry.village(village_id)
        return Reply(texts.PLACE_SAVED.format(village=village.name if village else "",
                                              commune=commune_name))

    @staticmethod
    def _after_place(data: dict) -> AskStep:
        return AskStep.DETAIL if data.get("service") else AskStep.SERVICE

    # --- what, where, when ---------------------------------------------------------------------

    def _ask_service(self, turn: Turn) -> Reply:
        return Reply(texts.ASK_SERVICE, options=self.dialog.options(
            AskStep.SERVICE, ((s.name, s.code) for s in self.s.catalog.services)))

    def _typed_service(self, turn: Turn, text: str) -> Next:
        found = self.s.catalog.find(text)
        if found is None:
            raise Retry(texts.CHOOSE_PLEASE)
        turn.data["service"] = found.code
        return AskStep.DETAIL

    def _picked_service(self, turn: Turn, value: str) -> Next:
        if self.s.catalog.get(value) is None:
            raise Retry(texts.OLD_CHOICE)
        turn.data["service"] = value
        return AskStep.DETAIL

    def _typed_detail(self, turn: Turn, text: str) -> Next:
        text = " ".join(text.split())
        if not text:
            raise Retry(texts.DETAIL_EMPTY)
        turn.data["detail"] = text[:MAX_DETAIL]
        return AskStep.WHERE

    def _ask_where(self, turn: Turn) -> Reply:
        return Reply(texts.ASK_WHERE, options=self.dialog.options(
            AskStep.WHERE, ((label, code) for code, label in texts.WHERE_CHOICES.items())))

    def _typed_where(self, turn: Turn, text: str) -> Next:
        turn.data["place"] = " ".join(text.split())[:MAX_FREE_TEXT] or "home"
        return AskStep.WHEN

    def _picked_where(self, turn: Turn, value: str) -> Next:
        if value not in texts.WHERE_CHOICES:
            raise Retry(texts.OLD_CHOICE)
        turn.data["place"] = value
        return AskStep.WHEN

    def _ask_when(self, turn: Turn) -> Reply:
        return Reply(texts.ASK_WHEN, options=self.dialog.options(
            AskStep.WHEN, ((label, code) for code, label in texts.WHEN_CHOICES.items())))

    def _typed_when(self, turn: Turn, text: str) -> Next:
        turn.data["timing"] = " ".join(text.split())[:MAX_FREE_TEXT] or "any"
        return AskStep.CONSENT

    def _picked_when(self, turn: Turn, value: str) -> Next:
        if value not in texts.WHEN_CHOICES:
            raise Retry(texts.OLD_CHOICE)
        turn.data["timing"] = value
        return AskStep.CONSENT

    # --- the phone, only with consent ------------------------------------------------------------

    def _ask_consent(self, turn: Turn) -> Reply:
        return Reply(texts.ASK_CONSENT.format(months=self.s.settings.retention_months),
                     options=self.dialog.options(AskStep.CONSENT, (
                         (texts.OPTION_CONSENT_YES, "yes"), (texts.OPTION_CONSENT_NO, "no"))))

    def _consent(self, turn: Turn, value: str) -> Next:
        if value == "yes":
            return AskStep.PHONE
        turn.data["phone"] = None
        return AskStep.CONFIRM

    def _typed_phone(self, turn: Turn, text: str) -> Next:
        turn.data["phone"] = validation.phone(text)
        return AskStep.CONFIRM

    def _ask_confirm(self, turn: Turn) -> Reply:
        data = turn.data
        phone = data.get("phone")
        summary = texts.SUMMARY.format(
            service=self.s.catalog.name(data["service"]), detail=data["detail"],
            place=place_text(data["place"]), timing=timing_text(data["timing"]),
            phone=display_phone(phone) if phone else texts.NO_PHONE)
        return Reply(texts.ASK_CONFIRM.format(summary=summary), options=self.dialog.options(
            AskStep.CONFIRM, ((texts.OPTION_SEND, "send"), (texts.OPTION_CANCEL, "cancel"))))

    async def _confirmed(self, turn: Turn, value: str) -> Next:
        if value == "cancel":
            return Done([Reply(texts.DIALOG_CANCELLED)])
        if value != "send":
            raise Retry(texts.OLD_CHOICE)
        return Done(await self.finish(turn.ctx, turn.msg, turn.data))


def new_request(msg: Incoming, data: dict) -> NewRequest:
    """The filled-in dialog as a request of the sender."""
    return NewRequest(
        platform=msg.sender.platform, user_id=msg.sender.user_id, chat_id=msg.chat.chat_id,
        commune_code=data["commune"], village_id=data.get("village"),
        service_code=data["service"], detail=data["detail"], place=data["place"],
        timing=data["timing"], phone=data.get("phone"))
