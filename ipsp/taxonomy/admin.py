"""The secretariat curates the taxonomy here: labels, descriptions, order, retirement.

Every save goes through ``services`` so that it raises the vocabulary's version
and leaves a ``TermChange``; codes are read-only once a term exists, and nothing
can be deleted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ipsp.taxonomy import services
from ipsp.taxonomy.models import Term, TermChange, Vocabulary


def _language_fields(prefix: str, label: Any, widget: type[forms.Widget]) -> dict[str, Any]:
    return {
        f"{prefix}_{code.replace('-', '_')}": forms.CharField(
            label=format_lazy("{label} ({language})", label=label, language=name),
            required=code == "en" and prefix == "label",
            widget=widget(attrs={"rows": 2}) if widget is forms.Textarea else widget(),
        )
        for code, name in settings.LANGUAGES
    }


def _set_initial_texts(form: forms.ModelForm) -> None:
    for code, _name in settings.LANGUAGES:
        key = code.replace("-", "_")
        form.fields[f"label_{key}"].initial = form.instance.labels.get(code, "")
        form.fields[f"description_{key}"].initial = form.instance.descriptions.get(code, "")


def _parent_label(term: Term) -> str:
    return f"{term.vocabulary.label} · {term.label} ({term.code})"


def _texts(form: forms.ModelForm, prefix: str) -> dict[str, str]:
    return {
        code: form.cleaned_data.get(f"{prefix}_{code.replace('-', '_')}", "")
        for code, _name in settings.LANGUAGES
    }


class _TermAdminForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["vocabulary", "code", "parent", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_initial_texts(self)
        if "parent" in self.fields:
            parents = Term.objects.active().select_related("vocabulary")
            if self.instance.pk:
                parents = parents.filter(
                    vocabulary_id=self.instance.vocabulary.parent_vocabulary_id
                ).exclude(pk=self.instance.pk)
            field: Any = self.fields["parent"]
            field.queryset = parents
            field.required = False
            field.label_from_instance = _parent_label  # type: ignore[attr-defined]

    def texts(self, prefix: str) -> dict[str, str]:
        return _texts(self, prefix)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        term = self.instance if self.instance.pk else None
        vocabulary = term.vocabulary if term else cleaned.get("vocabulary")
        if vocabulary is None:
            return cleaned
        try:
            services.term_check(
                vocabulary=vocabulary,
                code=None if term else cleaned.get("code", ""),
                parent=cleaned.get("parent"),
                term=term,
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def _post_clean(self) -> None:
        # The model is written by the services, not by ModelForm.save().
        pass


TermAdminForm = type(
    "TermAdminForm",
    (_TermAdminForm,),
    {
        **_language_fields("label", _("Label"), forms.TextInput),
        **_language_fields("description", _("Description"), forms.Textarea),
    },
)


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    form = TermAdminForm
    list_display = ["code", "label_en", "vocabulary", "parent", "order", "retired", "changed"]
    list_filter = ["vocabulary", "retired"]
    search_fields = ["code", "labels"]
    list_select_related = ["vocabulary", "parent"]
    ordering = ["vocabulary__order", "order", "code"]
    actions = ["retire_terms", "restore_terms"]
    readonly_fields = ["retired", "added_in_version", "changed_in_version"]

    @admin.display(description=_("English label"))
    def label_en(self, term: Term) -> str:
        return term.labels.get("en", "")

    @admin.display(description=_("changed in version"))
    def changed(self, term: Term) -> int:
        return term.changed_in_version

    def get_readonly_fields(self, request: HttpRequest, obj: Term | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields = ["vocabulary", "code", *fields]
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: Term | None = None) -> Any:
        labels = [f"label_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
        descriptions = [
            f"description_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES
        ]
        return [
            (None, {"fields": ["vocabulary", "code", "parent", "order"]}),
            (_("Labels"), {"fields": labels}),
            (_("Descriptions"), {"fields": descriptions}),
            (
                _("Status"),
                {"fields": ["retired", "added_in_version", "changed_in_version"]},
            ),
        ]

    def save_model(self, request: HttpRequest, obj: Term, form: Any, change: bool) -> None:
        user = request.user if request.user.is_authenticated else None
        data = form.cleaned_data
        # The form's clean() ran the same checks, so these do not fail here.
        if change:
            saved = services.term_update(
                term=obj,
                by=user,  # type: ignore[arg-type]
                labels=form.texts("label"),
                descriptions=form.texts("description"),
                order=data["order"],
                parent=data.get("parent"),
            )
        else:
            saved = services.term_add(
                vocabulary=data["vocabulary"],
                code=data["code"],
                labels=form.texts("label"),
                descriptions=form.texts("description"),
                parent=data.get("parent"),
                order=data["order"] or 0,
                by=user,  # type: ignore[arg-type]
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def has_delete_permission(self, request: HttpRequest, obj: Term | None = None) -> bool:
        return False

    @admin.action(description=_("Retire the selected terms"), permissions=["change"])
    def retire_terms(self, request: HttpRequest, queryset: QuerySet[Term]) -> None:
        user = request.user if request.user.is_authenticated else None
        count = 0
        for term in queryset.filter(retired=False):
            services.term_retire(term=term, by=user)  # type: ignore[arg-type]
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d term retired.", "%(count)d terms retired.", count)
            % {"count": count},
        )

    @admin.action(description=_("Offer the selected retired terms again"), permissions=["change"])
    def restore_terms(self, request: HttpRequest, queryset: QuerySet[Term]) -> None:
        user = request.user if request.user.is_authenticated else None
        count = 0
        for term in queryset.filter(retired=True):
            services.term_restore(term=term, by=user)  # type: ignore[arg-type]
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d term restored.", "%(count)d terms restored.", count)
            % {"count": count},
        )


class _VocabularyAdminForm(forms.ModelForm):
    class Meta:
        model = Vocabulary
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_initial_texts(self)


VocabularyAdminForm = type(
    "VocabularyAdminForm",
    (_VocabularyAdminForm,),
    {
        **_language_fields("label", _("Label"), forms.TextInput),
        **_language_fields("description", _("Description"), forms.Textarea),
    },
)


class TermChangeInline(admin.TabularInline):
    model = TermChange
    fk_name = "term"
    extra = 0
    can_delete = False
    fields = ("changed_at", "version", "action", "changes", "changed_by", "via_loader")
    readonly_fields = fields
    ordering = ["-changed_at", "-id"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


TermAdmin.inlines = [TermChangeInline]


@admin.register(Vocabulary)
class VocabularyAdmin(admin.ModelAdmin):
    form = VocabularyAdminForm
    list_display = ["code", "__str__", "version", "hierarchical", "parent_vocabulary"]
    readonly_fields = ["code", "version", "hierarchical", "parent_vocabulary", "order"]

    def get_fields(self, request: HttpRequest, obj: Vocabulary | None = None) -> Any:
        languages = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
        return [
            *self.readonly_fields,
            *[f"label_{key}" for key in languages],
            *[f"description_{key}" for key in languages],
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vocabularies come from the data files

    def has_delete_permission(self, request: HttpRequest, obj: Vocabulary | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Vocabulary, form: Any, change: bool) -> None:
        services.vocabulary_update(
            vocabulary=obj,
            by=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
            labels=_texts(form, "label"),
            descriptions=_texts(form, "description"),
        )


@admin.register(TermChange)
class TermChangeAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "term", "version", "action", "changed_by", "via_loader"]
    list_filter = ["action", "via_loader", "term__vocabulary"]
    list_select_related = ["term", "changed_by"]
    readonly_fields = ["term", "version", "action", "changes", "changed_by", "via_loader"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
