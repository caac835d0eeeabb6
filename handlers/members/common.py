"""What the members handlers share: the services, notifications and how things are shown."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import to_iso
from core.dialogs import payload
from core.model import Incoming, Option, Reply
from core.notifier import Notifier
from core.router import Context
from members import texts
from members.approvals import Approvals
from members.importer import MemberImporter
from members.model import Account, Member, Request
from members.places import CommuneDirectory
from members.registry import MemberRegistry
from members.settings import MembersSettings
from members.validation import display_phone

log = logging.getLogger(__name__)
MAX_DISPLAY_NAME = 40
APPROVAL_PREFIX = "appr"
RETYPE = "retype"  # the button value "type it again" on a step that offers found places
NEW_VILLAGE = "new"  # the button value "add the village as typed"


@dataclass
class MembersServices:
    """The stores and settings every members handler uses."""

    registry: MemberRegistry
    approvals: Approvals
    importer: MemberImporter
    directory: CommuneDirectory
    settings: MembersSettings
    admins: frozenset[tuple[str, str]]


def account_of(msg: Incoming) -> Account:
    """The sender's account; its private chat is remembered when the message came from one."""
    chat_id = msg.chat.chat_id if msg.is_private and msg.chat.chat_id != msg.sender.user_id \
        else None
    return Account(msg.sender.platform, msg.sender.user_id,
                   clean_display(msg.sender.display_name), chat_id)


def clean_display(name: str) -> str:
    """A messenger display name without control characters, short enough for a list."""
    kept = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return " ".join(kept.split())[:MAX_DISPLAY_NAME]


def registration_lines(name: str, phone: str, commune: str, village: str, team_role: str,
                       organisation: str) -> list[str]:
    """A registration as people read it, one field a line: the /dangky summary, /toi and
    what a coordinator is asked to approve."""
    fields = (
        (texts.LABEL_NAME, name), (texts.LABEL_PHONE, display_phone(phone)),
        (texts.LABEL_COMMUNE, commune), (texts.LABEL_VILLAGE, village),
        (texts.LABEL_ROLE, texts.TEAM_ROLE_LABELS[team_role]),
        (texts.LABEL_ORGANISATION, texts.ORGANISATION_LABELS[organisation]),
    )
    return [texts.FIELD_LINE.format(label=label, value=value) for label, value in fields]


def profile_lines(member: Member, *, with_status: bool = True) -> list[str]:
    lines = registration_lines(member.full_name, member.phone, member.commune_name,
                               member.village_name, member.team_role, member.organisation)
    if with_status:
        lines.append(texts.FIELD_LINE.format(label=texts.LABEL_STATUS,
                                             value=texts.STATUS_LABELS[member.status]))
    return lines


def member_line(number: int, member: Member) -> str:
    status = "" if member.status == "approved" else f" ({texts.STATUS_LABELS[member.status]})"
    return texts.MEMBER_LINE.format(
        number=number, name=member.full_name, role=texts.TEAM_ROLE_LABELS[member.team_role],
        village=member.village_name, phone=display_phone(member.phone), status=status,
    )


def request_text(request: Request, member: Member) -> str:
    """How a coordinator sees a request (in a private chat: phones are allowed)."""
    if request.kind == "join":
        head = texts.REQUEST_JOIN
        body = profile_lines(member, with_status=False)
    elif request.kind == "claim":
        head = texts.REQUEST_CLAIM.format(
            platform=texts.PLATFORM_LABELS.get(request.platform or "", request.platform),
            display=request.display_name or "?",
        )
        body = profile_lines(member, with_status=False)
    else:
        head = texts.REQUEST_CHANGE.format(name=member.full_name,
                                           phone=display_phone(member.phone))
        body = []
        if request.village_id != member.village_id:
            body.append(texts.CHANGE_VILLAGE.format(
                old=f"{member.village_name}, {member.commune_name}",
                new=f"{request.village_name}, {request.commune_name}"))
        if request.team_role and request.team_role != member.team_role:
            body.append(texts.CHANGE_ROLE.format(
                old=texts.TEAM_ROLE_LABELS[member.team_role],
                new=texts.TEAM_ROLE_LABELS[request.team_role]))
    return "\n".join([head, *body])


def request_reply(request: Request, member: Member) -> Reply:
    return Reply(request_text(request, member), options=(
        Option(texts.OPTION_APPROVE, payload(APPROVAL_PREFIX, request.id, "y")),
        Option(texts.OPTION_REJECT, payload(APPROVAL_PREFIX, request.id, "n")),
    ))


MISSED_AFTER = timedelta(minutes=2)  # a request this old, never handed over: the sweep's
MISSED_WITHIN = timedelta(days=1)  # older ones are in the admins' daily digest


async def notify_reviewers(services: MembersServices, ctx: Context, request_id: int) -> bool:
    """Send a request to the coordinators of its commune (else the province's, else the
    admins). False when nobody at all can decide it: no coordinator and no admin exists.
    Once the notices went out (after the handler's commit) the request is marked handed
    over; a kill in between leaves it unmarked, and `notify_missed` sends it later."""
    return await send_to_reviewers(services, ctx.notifier, request_id, ctx.clock())


async def send_to_reviewers(services: MembersServices, notifier: Notifier, request_id: int,
                            now: datetime, *, claim: bool = False) -> bool:
    """`notify_reviewers`; with `claim`, the request is marked first, so of two processes
    sweeping at once only one sends it."""
    request = await services.approvals.request(request_id)
    if request is None or request.state != "open":
        return True
    member = await services.registry.by_id(request.member_id)
    if member is None:
        return True
    accounts = await services.approvals.reviewers(request.commune_code)
    targets = [(a.platform, a.address) for a in accounts] or sorted(services.admins)
    if not targets:
        log.warning("request %s: no coordinator and no admin exists to decide it", request_id)
        return False

    async def mark() -> int:
        cursor = await services.approvals.db.write(
            "UPDATE member_requests SET notified_at = ? WHERE id = ? AND notified_at IS NULL",
            (to_iso(now), request_id))
        return cursor.rowcount

    if claim and await mark() != 1:
        return True  # another process handed it over meanwhile
    reply = request_reply(request, member)
    sent = 0
    for platform, user_id in targets:
        sent += await notifier.send(platform, user_id, [reply])
    if not sent:
        log.warning("request %s: no reviewer could be notified now (daily digest follows)",
                    request_id)
    if not claim:
        await notifier.after_sending(mark)
    return True


async def notify_missed(services: MembersServices, notifier: Notifier, now: datetime) -> int:
    """Hand over the open requests committed but never sent to their reviewers (the process
    was killed between the commit and the send); run every minute by the scheduler. Only
    requests older than MISSED_AFTER (their handler may still be sending) and younger than
    MISSED_WITHIN (older ones are in the admins' daily digest). How many were sent."""
    rows = await services.approvals.db.fetchall(
        "SELECT id FROM member_requests WHERE state = 'open' AND notified_at IS NULL"
        " AND requested_at BETWEEN ? AND ? ORDER BY id",
        (to_iso(now - MISSED_WITHIN), to_iso(now - MISSED_AFTER)))
    for row in rows:
        log.info("request %s: handed to its reviewers after a restart", row["id"])
        await send_to_reviewers(services, notifier, row["id"], now, claim=True)
    return len(rows)


async def notify_accounts(ctx: Context, accounts: list[Account], text: str) -> None:
    for account in accounts:
        await ctx.notifier.send(account.platform, account.address, [Reply(text)])
