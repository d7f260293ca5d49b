"""What the audit codes mean, in the UI's words.

Every `audit(action=...)` in the code has a label here (a test reads the code to check);
an unknown code still shows, as itself.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "union.create": _("Union registered"),
    "union.update": _("Union changed"),
    "union.resubmit": _("Preparation submitted again"),
    "union.approve": _("Union approved (批复)"),
    "union.return": _("Union sent back"),
    "union.found": _("Union founded"),
    "union.withdraw": _("Preparation withdrawn"),
    "union.dissolve": _("Union dissolved (注销)"),
    "union.move": _("Union moved to another federation"),
    "union.merge": _("Unions merged"),
    "employer.close": _("Employer closed or moved away"),
    "employer.create": _("Employer added"),
    "employer.update": _("Employer changed"),
    "member.create": _("Member added"),
    "member.update": _("Member changed"),
    "member.leave": _("Member left"),
    "member.expel": _("Member expelled (除名)"),
    "member.transfer": _("Member transferred"),
    "member.keep": _("Membership kept (保留会籍)"),
    "member.return": _("Member returned"),
    "member.person_search": _("Person searched by full resident ID"),
    "member.transfer_request": _("Transfer requested"),
    "member.transfer_in": _("Transfer requested by the receiving union"),
    "member.transfer_out": _("Transfer requested by the sending union"),
    "member.transfer_accept": _("Transfer request accepted"),
    "member.transfer_reject": _("Transfer request rejected"),
    "member.transfer_cancel": _("Transfer request withdrawn"),
    "member.show_full_id": _("Full resident ID shown"),
    "member.lookup": _("Resident ID looked up (already a member)"),
    "member.import.upload": _("Roster uploaded"),
    "member.import.recheck": _("Roster checked again"),
    "member.import.refused": _("Roster import refused"),
    "member.import.commit": _("Roster imported"),
    "member.import.lost": _("Roster check or import ended: its worker was lost"),
    "employer.import.upload": _("Employer list uploaded"),
    "employer.import.recheck": _("Employer list checked again"),
    "employer.import.commit": _("Employer list imported"),
    "union.import.upload": _("Union list uploaded"),
    "union.import.recheck": _("Union list checked again"),
    "union.import.commit": _("Union list imported"),
    "roster_export_full_ids": _("Roster exported with full IDs"),
    "roster_download_full_ids": _("Roster with full IDs downloaded"),
    "staff.create": _("Account created"),
    "staff.update": _("Account moved or role changed"),
    "staff.disable": _("Account disabled"),
    "staff.enable": _("Account enabled"),
    "election.record": _("Election recorded"),
    "officer.add": _("Officer added"),
    "officer.end": _("Officer's role ended"),
    "stipend.record": _("Chair stipend recorded"),
    "home_rating.record": _("Workers' home rating recorded"),
    "home_rating.update": _("Workers' home rating changed"),
    "service_site.create": _("Service site added"),
    "service_site.update": _("Service site changed"),
    "service_site.import_check": _("Service sites file checked"),
    "service_site.import": _("Service sites imported"),
    "api_token.issue": _("API token issued"),
    "api_token.revoke": _("API token revoked"),
    "audit.export": _("Audit log exported"),
    # Online joining (members/joining).
    "joining.apply": _("Online join application received"),
    "joining.approve": _("Join application approved"),
    "joining.reject": _("Join application rejected"),
    "joining.transfer": _("Join application handled as a transfer"),
    "joining.link_renew": _("Join QR code renewed"),
    "joining.pool_open": _("Holding pool opened"),
    "joining.pool_move": _("Pool members moved into a union"),
    # The 四清 work-list (reports/worklist).
    "worklist.assign": _("Work-list employer assigned"),
    "worklist.visit": _("Work-list entry recorded"),
    "target.set": _("Yearly targets set"),
}

# The kinds of object an entry is about (`object_type` is the model's label, lower case).
OBJECT_TYPES = (
    "organizations.union", "organizations.employer", "organizations.staffaccount",
    "members.member", "members.importbatch", "reports.generatedfile",
    "members.joinapplication", "members.joinlink", "members.pool",
    "reports.workitem", "reports.visit",
)


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def object_type_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def data_summary(data: dict, limit: int = 300) -> str:
    """The entry's details on one line ("key: value; ..."), cut at `limit` characters."""
    if not isinstance(data, dict):
        return str(data)[:limit]
    text = "; ".join(f"{key}: {value}" for key, value in data.items())
    return text if len(text) <= limit else text[: limit - 1] + "…"
