"""The rules every trade must follow, each with its own error type.

`TradeRules(community, today).check(entry)` returns the errors of one
transaction. The messages say what is wrong and what to do, for staff who are
not programmers.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from sif.ledger.accounts import member_account, member_of
from sif.ledger.trades import MAX_QUANTITY, quantity_of, sides, split
from sif.model.community import Community
from sif.model.errors import SifError, did_you_mean
from sif.model.menu import FLOWS, MenuCard
from sif.model.prices import trade_price
from sif.paths import MEMBERS_DIR


class MissingServiceError(SifError):
    """A transaction posts to a member account but names no service."""


class UnknownServiceError(SifError):
    """The service is not on the menu card."""


class ServiceNotInForceError(SifError):
    """The service has no tariff on the trade's date."""


class UnknownMemberError(SifError):
    """A posting names a member without a member file."""


class InactiveMemberError(SifError):
    """A member trades before joining or after leaving."""


class SelfTradeError(SifError):
    """A member is on both sides of a trade."""


class TradeFormError(SifError):
    """The trade's postings, quantity or sides do not fit the service."""


class AmountError(SifError):
    """The amount does not match tariff x quantity."""


class SplitError(SifError):
    """The shares of a multi-party trade are not the equal split."""


class UnbalancedError(SifError):
    """What the recipients owe is not what the providers earn."""


class FutureDateError(SifError):
    """A trade is dated after today."""


class PaymentFormError(SifError):
    """A payment moves community currency other than between the member and the operator."""


class UnknownConceptError(SifError):
    """The concept has no concept file."""


_ONE = Decimal(1)
MEMBER_TO_MEMBER, MEMBER_TO_OPERATOR, OPERATOR_TO_MEMBER = FLOWS
OVERRIDE_REASON = "override-reason"
PAYMENT = "payment"  # metadata of a payment entry (see sif.payments.booking)
OPENING = "opening"  # metadata of an opening balance (see sif.ledger.opening)
SPLIT_REASON = "split-reason"


class TradeRules:
    """Checks transactions against the community's members and menu card."""

    def __init__(self, community: Community, menu: MenuCard, today: datetime.date) -> None:
        self.community = community
        self.menu = menu
        self.members = community.members
        self.today = today
        self.currency = menu.currency.code
        self.quantum = menu.currency.quantum
        self.operator = menu.operator
        # Members whose file exists but does not load: that file's error says why,
        # so their trades do not also get a misleading "no member" error.
        self.broken = {
            Path(error.source["filename"]).stem
            for error in community.errors
            if Path(error.source["filename"]).parent.name == MEMBERS_DIR
        }

    def check(self, entry: data.Transaction) -> list[SifError]:
        """The errors of one transaction (an empty list when it is fine)."""
        meta = entry.meta
        service_id = meta.get("service")
        if service_id is not None and self._fine(entry, meta, service_id):
            return []
        providers, recipients = sides(entry, self.currency)
        if service_id is None:
            if PAYMENT in meta:
                return self._check_payment(entry)
            if OPENING in meta:
                return self._check_opening(entry)
            if any(member_of(p.account) is not None for p in entry.postings):
                return [
                    MissingServiceError(
                        meta,
                        "this transaction posts to a member account but names no service: add a "
                        'line `service: "<id>"` under the date line (see `sif services`)',
                        entry,
                    )
                ]
            return []

        errors: list[SifError] = []
        if entry.date > self.today:
            errors.append(
                FutureDateError(
                    meta,
                    f"the trade is dated {entry.date}, after today ({self.today}): "
                    "book a service once it has been delivered",
                    entry,
                )
            )
        errors.extend(self._check_postings(entry))
        errors.extend(self._check_members(entry, providers, recipients))

        service = self.menu.services.get(service_id) if isinstance(service_id, str) else None
        if service is None:
            errors.append(
                UnknownServiceError(
                    meta,
                    f'the service "{service_id}" is not on the menu card (services.yaml).'
                    + did_you_mean(str(service_id), self.menu.services),
                    entry,
                )
            )
            return errors
        tariff = service.tariff_on(entry.date)
        if tariff is None:
            first = service.tariffs[0].start
            errors.append(
                ServiceNotInForceError(
                    meta,
                    f'the service "{service.id}" has no tariff on {entry.date} (offered from '
                    f"{first}{f' until {service.until}' if service.until else ''}): check the date "
                    "or the menu card",
                    entry,
                )
            )
            return errors

        errors.extend(self._check_flow(entry, service.flow, providers, recipients))
        quantity = quantity_of(entry)
        if quantity is None:
            errors.append(
                TradeFormError(
                    meta,
                    f"quantity should be a number greater than zero and at most "
                    f"{MAX_QUANTITY:,}, not {meta.get('quantity')!r}",
                    entry,
                )
            )
            return errors
        given = sum(providers.values(), Decimal(0))
        taken = sum(recipients.values(), Decimal(0))
        if given != taken:
            errors.append(
                UnbalancedError(
                    meta,
                    f"the providers earn {given} {self.currency} but the recipients owe {taken} "
                    f"{self.currency}: both sides must add up to the same amount",
                    entry,
                )
            )
            return errors
        expected = trade_price(tariff.value, quantity, self.quantum)
        if taken != expected and not meta.get(OVERRIDE_REASON):
            unit = self.menu.units.get(service.unit, {}).get("en", service.unit)
            errors.append(
                AmountError(
                    meta,
                    f'"{service.id}" x {quantity} is {expected} {self.currency} on {entry.date} '
                    f"(tariff {tariff.value} {self.currency} per {unit} since {tariff.start}), but "
                    f"this trade moves {taken} {self.currency}: correct the amounts, or explain "
                    f'the difference with a line `{OVERRIDE_REASON}: "..."`',
                    entry,
                )
            )
        if taken and not meta.get(SPLIT_REASON) and taken == taken.quantize(self.quantum):
            errors.extend(self._check_split(entry, "recipients", recipients, taken))
            errors.extend(self._check_split(entry, "providers", providers, given))

        concept = meta.get("concept")
        if concept is not None and concept not in self.community.concepts:
            errors.append(
                UnknownConceptError(
                    meta,
                    f'no concept "{concept}" in concepts/.'
                    + did_you_mean(str(concept), self.community.concepts),
                    entry,
                )
            )
        return errors

    def _check_payment(self, entry: data.Transaction) -> list[SifError]:
        """A payment may move community currency between one member and the operator only."""
        providers, recipients = sides(entry, self.currency)
        moved = [*providers, *recipients]
        if not moved:
            return []
        member = entry.meta.get("member")
        if sorted(moved) != sorted({str(member), self.operator}) or len(providers) != 1:
            return [
                PaymentFormError(
                    entry.meta,
                    f"a payment moves {self.currency} between the paying member ({member}) and "
                    f"{self.operator} only; payments are written by `sif payment`",
                    entry,
                )
            ]
        return []

    def _check_opening(self, entry: data.Transaction) -> list[SifError]:
        """Opening balances (going live): dated no later than today, members only."""
        if entry.date > self.today:
            return [
                FutureDateError(
                    entry.meta,
                    f"the opening balances are dated {entry.date}, after today ({self.today}): "
                    "import them on or after the go-live date",
                    entry,
                )
            ]
        errors: list[SifError] = []
        for posting in entry.postings:
            member = member_of(posting.account)
            if member is not None and member not in self.community.members:
                errors.append(
                    UnknownMemberError(
                        entry.meta,
                        f'no member "{member}" in {MEMBERS_DIR}/; add the member file first.'
                        + did_you_mean(member, self.community.members),
                        entry,
                    )
                )
        return errors

    def _fine(self, entry: data.Transaction, meta: dict[str, Any], service_id: Any) -> bool:
        """True if the trade passes every rule: one quick pass for the common case.

        The ledger is checked on every load, so this must stay cheap; when it
        says no, `check` goes through the rules one by one for the messages.
        """
        date = entry.date
        service = self.menu.services.get(service_id) if isinstance(service_id, str) else None
        if date > self.today or service is None:
            return False
        tariff = service.tariff_on(date)
        quantity = meta.get("quantity", _ONE)
        if tariff is None or type(quantity) is not Decimal or not 0 < quantity <= MAX_QUANTITY:
            return False
        if meta.get(OVERRIDE_REASON) or meta.get(SPLIT_REASON):
            return False
        concept = meta.get("concept")
        if concept is not None and concept not in self.community.concepts:
            return False
        currency, quantum, members = self.currency, self.quantum, self.members
        operator, flow = self.operator, service.flow
        given: list[Decimal] = []
        taken: list[Decimal] = []
        seen: set[str] = set()
        for posting in entry.postings:
            units = posting.units
            if units is None or units.currency != currency:
                return False
            member_id = member_of(posting.account)
            number = units.number
            if member_id is None or member_id in seen or type(number) is not Decimal:
                return False
            seen.add(member_id)
            member = members.get(member_id)
            if member is None or member.joined > date or (member.left and member.left < date):
                return False
            if number.quantize(quantum) != number or not number:
                return False
            if number < 0:
                given.append(-number)
                if member_id == operator and flow != MEMBER_TO_OPERATOR:
                    return False
            else:
                taken.append(number)
                if member_id == operator and flow != OPERATOR_TO_MEMBER:
                    return False
        if not given or not taken:
            return False
        if (
            (flow != MEMBER_TO_MEMBER and operator not in seen)
            or (flow == MEMBER_TO_OPERATOR and len(given) > 1)
            or (flow == OPERATOR_TO_MEMBER and len(taken) > 1)
        ):
            return False
        expected = trade_price(tariff.value, quantity, quantum)
        if sum(given) != expected or sum(taken) != expected:
            return False
        for shares in (given, taken):
            if len(shares) > 1 and sorted(shares, reverse=True) != split(
                expected, len(shares), quantum
            ):
                return False
        return True

    def _check_postings(self, entry: data.Transaction) -> list[SifError]:
        errors: list[SifError] = []
        for posting in entry.postings:
            units = posting.units
            if (
                member_of(posting.account) is None
                or units is None
                or units.currency != self.currency
            ):
                errors.append(
                    TradeFormError(
                        posting.meta or entry.meta,
                        f"a trade only moves {self.currency} between member accounts "
                        f"(like {member_account('an-example')}), not {units} on {posting.account}",
                        entry,
                    )
                )
            elif units.number is not None and units.number != units.number.quantize(self.quantum):
                errors.append(
                    TradeFormError(
                        posting.meta or entry.meta,
                        f"{units} has more decimals than {self.currency} allows "
                        f"({self.menu.currency.decimals}): round it",
                        entry,
                    )
                )
            elif units.number == 0:
                errors.append(
                    TradeFormError(
                        posting.meta or entry.meta,
                        f"{posting.account} moves nothing; remove the line",
                        entry,
                    )
                )
        return errors

    def _check_members(
        self,
        entry: data.Transaction,
        providers: dict[str, Decimal],
        recipients: dict[str, Decimal],
    ) -> list[SifError]:
        errors: list[SifError] = []
        for member_id in (*providers, *recipients):
            member = self.members.get(member_id)
            if member is None and member_id in self.broken:
                continue
            if member is None:
                errors.append(
                    UnknownMemberError(
                        entry.meta,
                        f'no member "{member_id}" (no file members/{member_id}.yaml): check the '
                        "account name, or add the member with `sif member add`."
                        + did_you_mean(member_id, self.members),
                        entry,
                    )
                )
            elif not member.active_on(entry.date):
                period = f"joined {member.joined}" + (
                    f", left {member.left}" if member.left else ""
                )
                errors.append(
                    InactiveMemberError(
                        entry.meta,
                        f'member "{member_id}" is not active on {entry.date} ({period}): '
                        "check the date, or the joined/left dates in the member file",
                        entry,
                    )
                )
        both = set(providers) & set(recipients)
        if both:
            errors.append(
                SelfTradeError(
                    entry.meta,
                    f"{', '.join(sorted(both))} cannot both deliver and receive in one trade: "
                    "a member does not trade with themselves",
                    entry,
                )
            )
        if not providers or not recipients:
            errors.append(
                TradeFormError(
                    entry.meta,
                    "a trade needs a provider (negative amount: earns) and a recipient "
                    "(positive amount: owes)",
                    entry,
                )
            )
        return errors

    def _check_flow(
        self,
        entry: data.Transaction,
        flow: str,
        providers: dict[str, Decimal],
        recipients: dict[str, Decimal],
    ) -> list[SifError]:
        op = self.operator
        problem = None
        if flow == "member-to-member" and (op in providers or op in recipients):
            problem = f"is traded between members; {op} is not a side of it"
        elif flow == "member-to-operator" and providers and set(providers) != {op}:
            problem = f"is delivered by {op} alone; members pay {op} for it"
        elif flow == "operator-to-member" and recipients and set(recipients) != {op}:
            problem = f"is bought by {op} alone; {op} pays the members for it"
        if problem is None:
            return []
        service = entry.meta.get("service")
        return [TradeFormError(entry.meta, f'the service "{service}" {problem}', entry)]

    def _check_split(
        self, entry: data.Transaction, side: str, shares: dict[str, Decimal], total: Decimal
    ) -> list[SifError]:
        if len(shares) < 2:
            return []
        expected = split(total, len(shares), self.quantum)
        if sorted(shares.values(), reverse=True) == expected:
            return []
        listed = ", ".join(str(amount) for amount in expected)
        return [
            SplitError(
                entry.meta,
                f"the {side} share {total} {self.currency} equally ({listed}); correct the "
                f'amounts, or explain another split with a line `{SPLIT_REASON}: "..."`',
                entry,
            )
        ]
