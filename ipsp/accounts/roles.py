"""Roles are groups with permissions. This module is their single definition.

Permissions are listed as ``app_label.codename``; a package that adds a model
adds the permissions its roles need here. The groups are brought in line after
every ``migrate``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

CONTRIBUTOR = "contributor"
REVIEWER = "reviewer"
SECRETARIAT = "secretariat"
COUNCIL = "coordination_council"
FUNDER = "funder"
ADMIN = "admin"

LABELS = {
    CONTRIBUTOR: _("Contributor"),
    REVIEWER: _("Reviewer"),
    SECRETARIAT: _("Secretariat"),
    COUNCIL: _("Coordination council"),
    FUNDER: _("Funder"),
    ADMIN: _("Administrator"),
}

# Roles whose members sign in with a password (everyone but contributors).
STAFF_ROLES = {REVIEWER, SECRETARIAT, COUNCIL, FUNDER, ADMIN}

# Roles whose members must confirm a second factor before any staff page.
SECOND_FACTOR_REQUIRED = {SECRETARIAT, ADMIN}

PERMISSIONS: dict[str, set[str]] = {
    CONTRIBUTOR: set(),
    REVIEWER: {"portal.curate_collection", "reviews.add_flag"},
    SECRETARIAT: {
        "taxonomy.view_vocabulary",
        "taxonomy.change_vocabulary",
        "taxonomy.view_term",
        "taxonomy.add_term",
        "taxonomy.change_term",
        "taxonomy.view_termchange",
        "django_tasks_database.view_dbtaskresult",
        "core.view_scheduledjobrun",
        "initiatives.view_initiative",
        "initiatives.change_initiative",
        "initiatives.moderate_initiative",
        "initiatives.view_problemreport",
        "initiatives.change_problemreport",
        "actors.view_actor",
        "actors.change_actor",
        "actors.moderate_actor",
        "actors.view_actormerge",
        "actors.view_actorclaim",
        "verification.view_blockeddomain",
        "verification.add_blockeddomain",
        "verification.change_blockeddomain",
        "verification.delete_blockeddomain",
        "verification.view_blockedword",
        "verification.add_blockedword",
        "verification.change_blockedword",
        "verification.delete_blockedword",
        "verification.view_trainingexample",
        "verification.add_trainingexample",
        "verification.view_classifiermodel",
        "verification.view_level1check",
        "verification.change_level1check",
        "verification.view_queueitem",
        "verification.decide_queueitem",
        "verification.view_appeal",
        "verification.decide_appeal",
        "verification.view_auditentry",
        "verification.view_rejectionreason",
        "verification.add_rejectionreason",
        "verification.change_rejectionreason",
        "verification.delete_rejectionreason",
        "verification.view_rejectionreasonlabel",
        "verification.add_rejectionreasonlabel",
        "verification.change_rejectionreasonlabel",
        "verification.delete_rejectionreasonlabel",
        "identifiers.view_doi",
        "identifiers.retry_registration",
        "notifications.view_outgoingemail",
        "notifications.resend_outgoingemail",
        "notifications.view_suppression",
        "portal.view_portalsettings",
        "portal.change_portalsettings",
        "portal.view_topicpage",
        "portal.publish_topicpage",
        "portal.view_collection",
        "portal.curate_collection",
        "reviews.view_flag",
        "reviews.add_flag",
        "reviews.withdraw_any_flag",
    },
    COUNCIL: set(),
    FUNDER: set(),
    ADMIN: {"*"},  # every permission that exists
}


def sync_groups() -> None:
    from django.contrib.auth.models import Group, Permission

    every = Permission.objects.select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in every}
    for role, wanted in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        if "*" in wanted:
            group.permissions.set(by_name.values())
        else:
            group.permissions.set([by_name[name] for name in sorted(wanted) if name in by_name])


def sync_after_migrate(sender: Any = None, **kwargs: Any) -> None:
    """Run once per ``migrate``, after the last app: only then do all permissions exist."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is with_models[-1]:
        sync_groups()
