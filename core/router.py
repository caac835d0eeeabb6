"""Routes each event to one handler, in an order that is written down in one place."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core import texts
from core.clock import Clock
from core.dialogs import Dialog, DialogStore, Payload
from core.model import EventKind, Incoming, Reply
from core.notifier import Notifier
from core.roles import ROLE_LABELS, Principal, Role

Handler = Callable[["Context", Incoming], Awaitable[list[Reply]]]
DialogHandler = Callable[["Context", Incoming, Dialog], Awaitable[list[Reply]]]


@dataclass
class Context:
    """What a handler may use while it handles one event."""

    principal: Principal
    dialog: Dialog | None
    dialogs: DialogStore
    notifier: Notifier
    clock: Clock
    router: Router


@dataclass(frozen=True)
class CommandSpec:
    """A slash command: its names, who may use it, and how /help and menus describe it."""

    name: str
    handler: Handler
    description: str
    min_role: Role = Role.VILLAGER
    aliases: tuple[str, ...] = ()
    in_menu: bool = True
    private_only: bool = False
    audience: str = "all"  # all | registered (a pending or approved member) | unregistered

    def shown_to(self, principal: Principal) -> bool:
        """Whether /help lists this command for `principal`: the role allows it, and it is
        meant for people in their situation (/toi for the registered, /dangky for others)."""
        if not principal.at_least(self.min_role):
            return False
        if self.audience == "registered":
            return principal.registered
        if self.audience == "unregistered":
            return not principal.registered
        return True


CANCEL_COMMANDS = ("huy", "cancel")



class Router:
    """The dispatch table.

    Order, for every event:
      1. /huy cancels any dialog;
      2. other commands go to their handler (after the role check);
      3. button presses go to the handler registered for their payload prefix
         ("prefix:rest"), or to the active dialog that owns that prefix;
      4. text goes to the active dialog, if any;
      5. a file sent outside any dialog goes to the attachment handler;
      6. other text goes to the fallback (the FAQ).
    """

    def __init__(self) -> None:
        self._commands: dict[str, CommandSpec] = {}
        self._ordered: list[CommandSpec] = []
        self._buttons: dict[str, Handler] = {}
        self._dialogs: dict[str, DialogHandler] = {}
        self._dialog_prefixes: dict[str, str] = {}
        self._fallback: Handler | None = None
        self._attachment: Handler | None = None
        self._private: set[str] = set()  # button prefixes and dialogs kept out of groups
        self._cancel_spec = CommandSpec(CANCEL_COMMANDS[0], self._cancel, texts.CANCEL_DESCRIPTION,
                                        aliases=CANCEL_COMMANDS[1:])

    def command(self, spec: CommandSpec) -> None:
        for name in (spec.name, *spec.aliases):
            if name in self._commands:
                raise ValueError(f"command /{name} registered twice")
            self._commands[name] = spec
        self._ordered.append(spec)

    def button(self, prefix: str, handler: Handler, *, private_only: bool = False) -> None:
        """Buttons "prefix:..."; `private_only`: what they show holds personal data, so a
        press in a group (a forged one, or a message forwarded there) is refused."""
        self._claim_prefix(prefix)
        self._buttons[prefix] = handler
        if private_only:
            self._private.add(prefix)

    def dialog(self, name: str, handler: DialogHandler, *, prefix: str,
               private_only: bool = False) -> None:
        """A multi-step dialog; its buttons use payloads "prefix:...". `private_only`: it
        asks for or shows personal data, so it never answers in a group."""
        self._claim_prefix(prefix)
        self._dialogs[name] = handler
        self._dialog_prefixes[prefix] = name
        if private_only:
            self._private.update((name, prefix))

    def fallback(self, handler: Handler) -> None:
        self._fallback = handler

    def attachment(self, handler: Handler) -> None:
        """Who receives a file sent outside any dialog (a spreadsheet to import)."""
        self._attachment = handler

    def _claim_prefix(self, prefix: str) -> None:
        if prefix in self._buttons or prefix in self._dialog_prefixes:
            raise ValueError(f"button prefix {prefix!r} registered twice")

    def commands(self) -> list[CommandSpec]:
        """Every registered command, in registration order."""
        return list(self._ordered)

    def commands_for(self, principal: Principal) -> list[CommandSpec]:
        """What /help lists for `principal`, in registration order, then /huy (which the
        router itself answers, for everyone)."""
        shown = [spec for spec in self._ordered if spec.shown_to(principal)]
        return [*shown, self._cancel_spec]

    def menu_commands(self) -> list[CommandSpec]:
        """Commands worth showing in a messenger's command menu (everyone's commands)."""
        return [s for s in self._ordered if s.in_menu and s.min_role == Role.VILLAGER]

    async def route(self, ctx: Context, msg: Incoming) -> list[Reply]:
        if msg.kind is EventKind.UNSUPPORTED:
            return [Reply(texts.UNSUPPORTED)]
        if msg.kind is EventKind.COMMAND and msg.command in CANCEL_COMMANDS:
            return await self._cancel(ctx, msg)
        if msg.kind is EventKind.COMMAND:
            return await self._route_command(ctx, msg)
        if msg.kind is EventKind.BUTTON:
            return await self._route_button(ctx, msg)
        if ctx.dialog is not None and ctx.dialog.name in self._dialogs and (
                msg.is_private or ctx.dialog.name not in self._private):
            return await self._dialogs[ctx.dialog.name](ctx, msg, ctx.dialog)
        if msg.attachment is not None and self._attachment is not None and msg.is_private:
            return await self._attachment(ctx, msg)
        if self._fallback is None:
            return []
        return await self._fallback(ctx, msg)

    @staticmethod
    async def _cancel(ctx: Context, msg: Incoming) -> list[Reply]:
        ended = await ctx.dialogs.end(msg.sender)
        return [Reply(texts.CANCELLED if ended else texts.NOTHING_TO_CANCEL)]

    async def _route_command(self, ctx: Context, msg: Incoming) -> list[Reply]:
        spec = self._commands.get(msg.command or "")
        if spec is None:
            return [Reply(texts.UNKNOWN_COMMAND.format(name=msg.command))]
        if not ctx.principal.at_least(spec.min_role):
            if ctx.principal.status == "pending" and spec.min_role <= Role.MEMBER:
                return [Reply(texts.NOT_YET_APPROVED)]
            refusal = texts.NOT_ALLOWED_TOP if spec.min_role == max(Role) else texts.NOT_ALLOWED
            return [Reply(refusal.format(role=ROLE_LABELS[spec.min_role]))]
        if spec.private_only and not msg.is_private:
            return [Reply(texts.PRIVATE_ONLY)]
        return await spec.handler(ctx, msg)

    async def _route_button(self, ctx: Context, msg: Incoming) -> list[Reply]:
        prefix = Payload.parse(msg.payload).prefix
        if prefix in self._private and not msg.is_private:
            return [Reply(texts.PRIVATE_ONLY)]
        if prefix in self._buttons:
            return await self._buttons[prefix](ctx, msg)
        dialog_name = self._dialog_prefixes.get(prefix)
        if dialog_name is not None and ctx.dialog is not None and ctx.dialog.name == dialog_name:
            return await self._dialogs[dialog_name](ctx, msg, ctx.dialog)
        return [Reply(texts.STALE_BUTTON)]
