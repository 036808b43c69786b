"""The words of the account statements, marked for the gettext catalogs.

Each statement is written in its member's language, whatever language the
command speaks, so the words are kept here by key in English and translated
per statement (`words`), from `sif/locale/<lang>/LC_MESSAGES/sif.po` like the
commands' messages. A community adds a language by adding a catalog; staff
may still override a word for their books in `templates/statement-labels.yaml`
(by key and language). Placeholders in {braces} are filled in by sif.
"""

from __future__ import annotations


def _(message: str) -> str:
    """Mark `message` for the catalogs; it is translated when a statement is made."""
    return message


#: Every statement word by key, in English.
TEXTS: dict[str, str] = {
    "title": _("Account statement"),
    "date": _("Date"),
    "month": _("Month"),
    "member": _("Member"),
    "sif_title": _("Your account in {code}"),
    "sif_opening": _("Balance on {date}"),
    "sif_closing": _("Balance on {date}"),
    "sif_now": _("Balance on {date}"),
    "sif_none": _("No movements in {month}."),
    "col_date": _("Date"),
    "col_what": _("Description"),
    "col_with": _("With / concept"),
    "col_sif_debit": _("Debit {code}"),
    "col_sif_credit": _("Credit {code}"),
    "received": _("Received: {service}"),
    "given": _("Given: {service}"),
    "sif_payment": _("Paid in euro ({document})"),
    "owes": _("you owe {amount}"),
    "has_credit": _("you have {amount} in credit"),
    "nothing": _("your balance is zero"),
    "debt_age": _(
        "The oldest part of your debt dates from {date}: {days} days at the end of the month."
    ),
    "credit_room": _("Your credit limit is {limit}: you can still receive services for {room}."),
    "sif_signs": _(
        "Debit: what you owe more (you received a service); credit: what you owe less (you gave a service, or paid in euro)."
    ),
    "sif_signs_no_euro": _(
        "Debit: what you owe more (you received a service); credit: what you owe less (you gave a service)."
    ),
    "eur_title": _("Your account in euro"),
    "eur_window": _(
        "From {start} up to and including {until}, the day the documents of {month} were issued."
    ),
    "eur_window_all": _(
        "Up to and including {until}, the day the documents of {month} were issued."
    ),
    "col_debit": _("Debit"),
    "col_credit": _("Credit"),
    "eur_signs": _(
        "Debit: what you owe {operator} more; credit: what you owe less, or what {operator} owes you."
    ),
    "eur_opening": _("Balance on {date}"),
    "eur_closing": _("Balance on {date}"),
    "eur_later": _("Since then, up to {date}"),
    "eur_now": _("Balance on {date}"),
    "eur_none": _("No movements."),
    "setoff": _("Set-off of {invoice} against {other}"),
    "paid_by_you": _("Your payment for {document}"),
    "paid_to_you": _("Paid out to you for {document}"),
    "eur_owes": _("you owe {operator} {amount}"),
    "eur_owed": _("{operator} owes you {amount}"),
    "eur_nothing": _("nothing is open"),
    "todo_title": _("What to do"),
    "todo_pay": _(
        "Please pay {amount} ({document}) by {due}, with the structured reference, so that your payment is recognised automatically."
    ),
    "todo_pay_overdue": _(
        "Please pay {amount} ({document}) as soon as possible: it was due on {due}. Use the structured reference, so that your payment is recognised automatically."
    ),
    "todo_receive": _("{operator} pays you {amount} ({document}) to account {iban}."),
    "todo_receive_no_iban": _(
        "{operator} will pay you {amount} ({document}) as soon as you give us your account number."
    ),
    "todo_nothing": _("You have nothing to pay."),
    "pay_amount": _("Amount"),
    "pay_account": _("Account"),
    "pay_beneficiary": _("Beneficiary"),
    "pay_reference": _("Reference"),
    "pay_scan": _("Or scan this code with your banking app."),
    "qr_alt": _("EPC QR code: pay {amount} to {operator}, account {iban}, reference {reference}"),
    "explain_title": _("{code} and euro: how do they relate?"),
    "explain_what": _(
        "{currency_name}: you earn {code} with the services you give and spend them on the services you receive. 1 {code} is worth {value} excluding VAT. The law asks for documents in euro, so every month {operator} issues an invoice for what you received, and a self-billed invoice (or settlement statement) for what you gave. The two are set off against each other."
    ),
    "explain_what_invoices": _(
        "{currency_name}: you earn {code} with the services you give and spend them on the services you receive. 1 {code} is worth {value} excluding VAT. The law asks for documents in euro, so every month {operator} issues an invoice for what you received. For what you gave, you send {operator} an invoice yourself."
    ),
    "explain_registered_invoices": _(
        "You are VAT-registered: {operator} charges you {percent} VAT on what you receive, and you charge VAT on your invoice for what you give."
    ),
    "explain_registered": _(
        "You are VAT-registered: {operator} charges you {percent} VAT on what you receive, and on what you give you charge {percent} VAT too, through the self-billed invoice. When you give as much as you receive, the VAT cancels out."
    ),
    "explain_small-enterprise": _(
        "You use the exemption scheme for small enterprises: what you give carries no VAT. On what you receive, {operator} must still charge {percent} VAT."
    ),
    "explain_not-taxable": _(
        "You are not a taxable person for VAT: what you give carries no VAT. On what you receive, {operator} must still charge {percent} VAT."
    ),
    "explain_received": _(
        "In {month} you received services for {sif}: {document} of {total} (of which {tax} VAT)."
    ),
    "explain_given": _("In {month} you gave services for {sif}: {document} of {total}."),
    "explain_setoff": _("{operator} set off {amount}; what remains: {rest}."),
    "explain_even": _(
        "This month you gave as many {code} as you received, so your {code} balance did not change. Still, {rest} remains: that is the VAT on what you received. {operator} must pay that VAT to the State, and because what you gave carries no VAT, nothing cancels it out."
    ),
    "explain_even_registered": _(
        "This month you gave as many {code} as you received: your {code} balance did not change, and the VAT on your invoice cancels out against the VAT on your self-billed invoice (which you can deduct)."
    ),
    "explain_paying": _(
        "Paying an invoice in euro also clears the {code} debt it stood for. A {code} debt can also be paid back in kind: by giving services yourself."
    ),
    "net_owes": _(
        "This is your net position in euro: what you and {operator} owe each other is set off, oldest documents first. You owe {operator} {amount} and pay only this balance."
    ),
    "net_owed": _(
        "This is your net position in euro: what you and {operator} owe each other is set off, oldest documents first. {operator} owes you {amount} and pays out only this balance."
    ),
    "net_pending": _(
        "You have both amounts to pay and amounts to receive: {operator} sets these documents off against each other at the next month-end, oldest first. Net: {position}."
    ),
    "rest_pay": _("{amount} for you to pay"),
    "rest_receive": _("{amount} for you to receive"),
    "rest_zero": _("nothing"),
    "inkind_title": _("Paying back in kind"),
    "inkind_intro": _(
        "You owe {amount}. You can pay it back by giving services. These open questions fit your expertise:"
    ),
    "inkind_intro_none": _("You owe {amount}. You can pay it back by giving services."),
    "inkind_item": _(
        "{question} ({kind} by {requester}, since {opened}; your expertise: {expertise})"
    ),
    "kind_session": _("request for a session"),
    "kind_solution-lab": _("Solution Lab"),
    "inkind_services": _("You earn {code}, for instance, with: {services}."),
    "inkind_service": _("{service} ({sif} per {unit})"),
    "inkind_contact": _("Tell {operator} what you can do: {email}."),
    "standing_title": _("Where you stand"),
    "standing_debt": _("You have received {amount} more than you have given or paid for in euro."),
    "standing_credit": _(
        "You have given {amount} more than you have received or been paid out in euro."
    ),
    "standing_debt_no_euro": _("You have received {amount} more than you have given."),
    "standing_credit_no_euro": _("You have given {amount} more than you have received."),
    "standing_even": _(
        "You have given as much as you have received: your {code} balance is zero."
    ),
    "inkind_clears": _("Answering it clears {sif} of your debt ({service}, {value} per {unit})."),
    "clears_title": _("What a payment in euro clears"),
    "clears_all": _("If you pay {amount} ({document}), your debt of {sif} is cleared."),
    "clears_part": _("If you pay {amount} ({document}), that clears {sif} of your debt."),
    "clears_none": _("Paying {amount} ({document}) clears no {code}: you owe none."),
    "clears_rest": _("After that you still owe {sif}, which you can pay back in kind."),
}
