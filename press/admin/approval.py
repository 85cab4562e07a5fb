"""The optional approval step of a release, for the release admin.

A group may ask that every release be approved before it goes out: an editor submits the
draft, another editor approves it (or sends it back with a reason), then it can be published
or scheduled. Holders of the publish permission may publish without approval. The services
enforce the rule; this mixin adds the buttons, the box that states the rule, and the page
asking why a draft is sent back. It expects the release admin's _changeable, _page_context and
_back helpers.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import PressRelease


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("What should change"),
        max_length=150,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Kept in the release’s revisions, for the editor who submitted it."),
    )


class ApprovalMixin:
    def response_change(self, request: HttpRequest, obj: PressRelease) -> HttpResponse:
        if "_send_back" in request.POST:
            url = reverse("admin:press_pressrelease_send_back", args=[obj.pk])
            return HttpResponseRedirect(url)
        steps = {
            "_submit": (services.submit_for_review, _("“%(title)s” is submitted for review.")),
            "_approve": (services.approve, _("“%(title)s” is approved.")),
        }
        for name, (step, done) in steps.items():
            if name not in request.POST:
                continue
            releases = [obj]
            if "_both" in request.POST:
                releases += list(obj.other_versions().select_related("group"))
            for release in releases:
                try:
                    step(release=release, user=request.user)
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    break
                self.message_user(request, done % {"title": release.title}, messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        release = extra_context.get("release")
        if release is not None:
            extra_context["approval"] = approval_context(release, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view(self.send_back_view)
        return [
            path("<int:pk>/send-back/", view, name="press_pressrelease_send_back"),
            *super().get_urls(),
        ]

    def send_back_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Asks why, then takes a submitted or approved draft back to an unsubmitted one."""
        release = self._changeable(request, pk)
        form = SendBackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.send_back(
                    release=release, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                message = gettext("“%(title)s” is back to an unsubmitted draft.")
                self.message_user(request, message % {"title": release.title}, messages.SUCCESS)
            return self._back(release)
        context = {
            **self._page_context(request, release),
            "title": gettext("Send “%(title)s” back to draft?") % {"title": release.title},
            "form": form,
        }
        return render(request, "admin/press/pressrelease/confirm_send_back.html", context)


def approval_context(release: PressRelease, user) -> dict:
    """What the change page says and offers about the review: the buttons follow the review's
    stage and who is looking."""
    review = release.review()
    needs_approval = release.group.releases_need_approval
    is_draft = release.status == PressRelease.Status.DRAFT
    return {
        "required": needs_approval,
        "review": review,
        "submitted_by": release.submitted_by,
        "submitted_at": release.submitted_at,
        "approved_by": release.approved_by,
        "approved_at": release.approved_at,
        "may_publish": not release.needs_approval_of(user)
        or review == PressRelease.Review.APPROVED,
        "may_submit": needs_approval and is_draft and review == PressRelease.Review.NONE,
        "may_approve": is_draft
        and review == PressRelease.Review.SUBMITTED
        and release.submitted_by_id != user.pk,
        "is_submitter": review == PressRelease.Review.SUBMITTED
        and release.submitted_by_id == user.pk,
        "may_send_back": is_draft and review != PressRelease.Review.NONE,
    }
