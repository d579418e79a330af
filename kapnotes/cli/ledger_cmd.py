"""`kapnotes ledger receive|balance|waste|count|list|reverse`: the controlled-substance ledger.

A witness signs in for the entry with their own passphrase, read from
--witness-passphrase-file or $KAPNOTES_WITNESS_PASSPHRASE (never from an argument in the
process list). Every refusal is one line; the ledger is unchanged.
"""

from __future__ import annotations

import os
from datetime import date

from kapnotes.cli.common import CliError, first_line, open_existing, open_reading, services_for
from kapnotes.domain.ledger import (
    DrugForm,
    Lot,
    Receipt,
    drug_totals,
    fmt_qty,
    product_totals,
)
from kapnotes.services import ledger

HELP = {"ledger": "the controlled-substance ledger: receive stock, balances, waste, counts, list"}
WITNESS_ENV = "KAPNOTES_WITNESS_PASSPHRASE"


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="ledger_command", metavar="ACTION", required=True)
    rec = sub.add_parser("receive", help="record stock received on the supplier's invoice")
    rec.add_argument("--drug", required=True, choices=["ketamine", "esketamine"])
    rec.add_argument("--form", choices=[str(f) for f in DrugForm],
                     help="default: injection (mL) or troche (units); esketamine: nasal_device")  # fmt: skip
    rec.add_argument("--ndc", default="", metavar="NDC")
    rec.add_argument("--lot", required=True, metavar="LOT")
    rec.add_argument("--expiry", required=True, metavar="YYYY-MM-DD")
    rec.add_argument("--strength-mg-per-ml", type=float, metavar="N")
    rec.add_argument("--ml-per-container", type=float, metavar="N")
    rec.add_argument("--strength-mg-per-unit", type=float, metavar="N")
    rec.add_argument("--units-per-container", type=float, metavar="N")
    rec.add_argument("--containers", required=True, type=float, metavar="N")
    rec.add_argument("--supplier", required=True, metavar="NAME")
    rec.add_argument("--supplier-dea", default="", metavar="DEA")
    rec.add_argument("--supplier-address", default="", metavar="ADDRESS")
    rec.add_argument("--invoice", default="", metavar="NO", help="the invoice number (required)")
    rec.add_argument("--invoice-date", metavar="YYYY-MM-DD")
    rec.add_argument("--date", dest="on", metavar="YYYY-MM-DD", help="received on (today)")

    bal = sub.add_parser("balance", help="one line per lot: LOT  mg  containers  expiry  pending")
    bal.add_argument("--by-drug", action="store_true", help="one line per drug and product")

    waste = sub.add_parser("waste", help="drawn but not given, or spilled: witnessed")
    waste.add_argument("--lot", required=True, metavar="LOT")
    waste.add_argument("--mg", required=True, metavar="N")
    waste.add_argument("--witness", required=True, metavar="NAME")
    waste.add_argument("--reason", required=True, metavar="TEXT")
    waste.add_argument("--session", type=int, metavar="ID", help="the session it was drawn for")

    count = sub.add_parser("count", help="a physical count; a difference needs reason and witness")
    count.add_argument("--lot", required=True, metavar="LOT")
    count.add_argument("--mg", required=True, metavar="N", help="the quantity counted, in mg")
    count.add_argument("--reason", default="", metavar="TEXT")
    count.add_argument("--witness", metavar="NAME")
    count.add_argument("--inventory", choices=["opening", "close"],
                       help="a line of the biennial inventory, taken at opening or close")  # fmt: skip
    count.add_argument("--estimated", action="store_true",
                       help="inventory of an opened container, estimated")  # fmt: skip

    dispose = sub.add_parser(
        "dispose", help="return, transfer, breakage, loss or theft, destruction (2 witnesses)"
    )
    dispose.add_argument("--kind", required=True,
                         choices=["return", "transfer", "breakage", "loss", "destruction"])  # fmt: skip
    dispose.add_argument("--lot", required=True, metavar="LOT")
    dispose.add_argument("--mg", required=True, metavar="N")
    dispose.add_argument("--reason", default="", metavar="TEXT")
    dispose.add_argument("--witness", action="append", default=[], metavar="NAME",
                         help="each witness (destruction: two)")  # fmt: skip
    dispose.add_argument("--detail", action="append", default=[], metavar="KEY=VALUE",
                         help="place=, method= (Form 41); to=, dea= (transfer); type=, "
                         "police_report= (Form 106)")  # fmt: skip

    lister = sub.add_parser("list", help="entries, oldest first")
    lister.add_argument("--lot", metavar="LOT")
    lister.add_argument("--since", metavar="YYYY-MM-DD")
    lister.add_argument("--until", metavar="YYYY-MM-DD")

    rev = sub.add_parser("reverse", help="correct a mistaken entry by reversing it")
    rev.add_argument("entry", type=int, metavar="ENTRY_ID")
    rev.add_argument("--reason", required=True, metavar="TEXT")

    for p in (waste, count, dispose):
        p.add_argument("--witness-passphrase-file", metavar="FILE", action="append",
                       help=f"the witness's passphrase (or ${WITNESS_ENV}); once per witness")  # fmt: skip
        p.add_argument("--date", dest="on", metavar="YYYY-MM-DD", help="when (today)")


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} {text!r} is not a date (YYYY-MM-DD)", status=2) from None


def _witnesses(args) -> list[tuple[str, str]]:
    """Each --witness with its passphrase: the n-th --witness-passphrase-file, else (for one
    witness) $KAPNOTES_WITNESS_PASSPHRASE."""
    names = getattr(args, "witness", None) or []
    names = [names] if isinstance(names, str) else names
    files = getattr(args, "witness_passphrase_file", None) or []
    out = []
    for n, name in enumerate(names):
        if n < len(files):
            phrase = first_line(files[n], "the witness passphrase file")
        else:
            phrase = os.environ.get(WITNESS_ENV, "") if len(names) == 1 else ""
        if not phrase:
            raise CliError(
                f"the witness {name} signs in: give their passphrase with "
                f"--witness-passphrase-file FILE (once per witness) or ${WITNESS_ENV}"
            )
        out.append((name, phrase))
    return out


def _receipt(args) -> Receipt:
    by_ml = args.strength_mg_per_ml is not None or args.ml_per_container is not None
    by_unit = args.strength_mg_per_unit is not None or args.units_per_container is not None
    if by_ml == by_unit:
        raise CliError(
            "give --strength-mg-per-ml and --ml-per-container, or --strength-mg-per-unit and "
            "--units-per-container",
            status=2,
        )
    strength = args.strength_mg_per_ml if by_ml else args.strength_mg_per_unit
    per = args.ml_per_container if by_ml else args.units_per_container
    if strength is None or per is None:
        raise CliError("the strength and the quantity per container go together", status=2)
    if args.form:
        form = DrugForm(args.form)
    elif by_ml:
        form = DrugForm.INJECTION
    else:
        form = DrugForm.NASAL_DEVICE if args.drug == "esketamine" else DrugForm.TROCHE
    if (form in (DrugForm.INJECTION, DrugForm.NASAL_SPRAY)) != by_ml:
        unit = "mL" if by_ml else "units"
        raise CliError(f"a {form} is not measured in {unit}", status=2)
    return Receipt(
        lot=Lot(
            lot=args.lot.strip(), drug=args.drug, form=form, strength_mg=strength,
            per_container=per, expiry=parse_day(args.expiry, "--expiry"), ndc=args.ndc.strip(),
        ),
        containers=args.containers, invoice=args.invoice, supplier=args.supplier,
        supplier_dea=args.supplier_dea, supplier_address=args.supplier_address,
        invoice_date=parse_day(args.invoice_date, "--invoice-date"),
        received_on=parse_day(args.on, "--date"),
    )  # fmt: skip


def _balance_lines(practice) -> list[str]:
    today = date.today()
    lines = []
    for b in practice.ledger_stock():
        status = b.expiry_status(today)
        flag = {"expired": "  EXPIRED", "expiring": "  expires within 30 days"}.get(status, "")
        pending = f"  pending {fmt_qty(b.pending_mg)} mg" if b.pending_mg else ""
        lines.append(
            f"{b.lot.lot}  {fmt_qty(b.mg)} mg  {fmt_qty(b.units)} {b.lot.unit}"
            f"{'s' if b.lot.unit == 'unit' else ''}  {fmt_qty(b.containers)} containers  "
            f"{b.lot.drug} {b.lot.form}  expires {b.lot.expiry.isoformat()}{pending}{flag}"
        )
    return lines


def _drug_lines(practice) -> list[str]:
    stock = practice.ledger_stock()
    lines = [f"{drug}  {fmt_qty(mg)} mg" for drug, mg in drug_totals(stock).items()]
    for t in product_totals(stock):
        unit = "mL" if t.label.endswith("mL") else "units"
        lines.append(f"  {t.label}  {fmt_qty(t.mg)} mg  {fmt_qty(round(t.units, 2))} {unit}  "
                     f"{fmt_qty(round(t.containers, 2))} containers  {t.lots} lots")  # fmt: skip
    return lines


def run(args) -> int:
    action = args.ledger_command
    if action == "receive":
        receipt = _receipt(args)
    elif action in ("waste", "count", "dispose"):
        witnesses = _witnesses(args)
        on = parse_day(args.on, "--date")
    elif action == "list":
        since, until = parse_day(args.since, "--since"), parse_day(args.until, "--until")
    opener = open_reading if action in ("balance", "list") else open_existing
    with opener(args) as practice:
        services = services_for(practice)  # every write goes through kapnotes.services.ledger
        if action == "receive":
            entry = ledger.receive(services, receipt)
            lot = practice.ledger_lot(entry.lot)
            print(f"entry {entry.id}: received {fmt_qty(receipt.containers)} containers of lot "
                  f"{lot.lot} ({fmt_qty(entry.mg)} mg), invoice {receipt.invoice.strip()}")  # fmt: skip
        elif action == "balance":
            lines = _drug_lines(practice) if args.by_drug else _balance_lines(practice)
            for line in lines:
                print(line)
        elif action == "waste":
            entry = ledger.dispose(
                services, "waste", args.lot, args.mg, witnesses=witnesses, reason=args.reason,
                occurred_on=on, session_id=args.session,
            )  # fmt: skip
            print(f"entry {entry.id}: wasted {fmt_qty(-entry.mg)} mg of lot {entry.lot}, "
                  f"witnessed by {', '.join(entry.witnesses)}")  # fmt: skip
        elif action == "count":
            inventory = (
                {"business": args.inventory, "estimated": args.estimated}
                if args.inventory
                else None
            )
            entry = ledger.count(
                services, args.lot, args.mg, reason=args.reason, witnesses=witnesses, occurred_on=on,
                inventory=inventory,
            )  # fmt: skip
            diff = entry.details["counted_mg"] - entry.details["expected_mg"]
            print(f"entry {entry.id}: lot {entry.lot} counted {fmt_qty(entry.details['counted_mg'])}"
                  f" mg, expected {fmt_qty(entry.details['expected_mg'])} mg"
                  + (f" (difference {fmt_qty(diff)} mg)" if diff else ""))  # fmt: skip
        elif action == "dispose":
            entry = ledger.dispose(
                services, args.kind, args.lot, args.mg, witnesses=witnesses, reason=args.reason,
                occurred_on=on, details=_details(args.detail),
            )  # fmt: skip
            who = f", witnessed by {', '.join(entry.witnesses)}" if entry.witnesses else ""
            print(f"entry {entry.id}: {entry.label.lower()} of {fmt_qty(-entry.mg)} mg of lot "
                  f"{entry.lot}{who}")  # fmt: skip
        elif action == "list":
            for e in practice.ledger_entries(lot=args.lot, since=since, until=until):
                print(entry_line(e))
        else:
            entry = ledger.reverse(services, args.entry, args.reason)
            print(f"entry {entry.id}: reverses entry {entry.reverses} ({fmt_qty(entry.mg)} mg)")
    return 0


def _details(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--detail {pair!r} is not KEY=VALUE", status=2)
        out[key.strip()] = value.strip()
    return out


def entry_line(e) -> str:
    """One tab-separated line of `kapnotes ledger list`."""
    who = e.user + (f" (witness {', '.join(e.witnesses)})" if e.witnesses else "")
    client = f"{e.chart} {e.client_name}".strip()
    return "\t".join(
        [str(e.id), e.occurred_on.isoformat(), str(e.kind), e.lot, f"{fmt_qty(e.mg)} mg",
         client, who, e.reason]
    )  # fmt: skip
