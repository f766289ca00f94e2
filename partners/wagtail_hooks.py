"""Admin for webhooks (Settings → Webhooks, Settings → Webhook deliveries), administrators only,
and the admin home's panel of failing deliveries."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import MenuItem
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from partners import outbound, services
from partners.models import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEventType,
    WebhookSubscription,
)

SECRET_SESSION_KEY = "partners_webhook_secret_{pk}"


class DeliveryPermissionPolicy(ModelPermissionPolicy):
    """Deliveries are a log written by the system: nobody adds or deletes one by hand ("change"
    is the right to replay)."""

    def user_has_permission(self, user, action):
        return action not in {"add", "delete"} and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


subscription_permissions = ModelPermissionPolicy(WebhookSubscription)
delivery_permissions = DeliveryPermissionPolicy(WebhookDelivery)
register_permission_policy(WebhookSubscription, subscription_permissions)
register_permission_policy(WebhookDelivery, delivery_permissions)


class WebhookSubscriptionForm(WagtailAdminModelForm):
    event_types = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEventType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events to send. Page events cover public pages only."),
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            outbound.target_check(url)
        except outbound.UnsafeTargetError as error:
            raise ValidationError(str(error)) from error
        return url


def _reveal_secret_later(request, subscription, secret):
    # The secret is shown once, on the next page: kept server-side in the session meanwhile.
    request.session[SECRET_SESSION_KEY.format(pk=subscription.pk)] = secret


class SubscriptionCreateView(CreateView):
    def get_success_url(self):
        return reverse("webhook_subscriptions:secret", args=[self.object.pk])

    def save_instance(self):
        instance = super().save_instance()
        _reveal_secret_later(self.request, instance, instance.secret)
        return instance


class SubscriptionEditView(EditView):
    def save_instance(self):
        was_active = WebhookSubscription.objects.filter(pk=self.object.pk, is_active=True).exists()
        instance = super().save_instance()
        if instance.is_active and not was_active:
            waiting = services.webhook_subscription_activate(subscription=instance)
            if waiting:
                messages.info(
                    self.request,
                    ngettext(
                        "%(n)s waiting delivery is being sent.",
                        "%(n)s waiting deliveries are being sent.",
                        waiting,
                    )
                    % {"n": waiting},
                )
        return instance

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Rotate secret"),
                url=reverse("webhook_subscriptions:rotate", args=[self.object.pk]),
                icon_name="key",
                priority=30,
            )
        )
        buttons.append(
            Button(
                _("Deliveries"),
                url=reverse("webhook_deliveries:index") + f"?subscription={self.object.pk}",
                icon_name="list-ul",
                priority=40,
            )
        )
        return buttons


class SubscriptionActionMixin(WagtailAdminTemplateMixin):
    """A page of its own for one subscription, for those who may change subscriptions."""

    header_icon = "link-external"
    permission_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if not subscription_permissions.user_has_permission(request.user, self.permission_action):
            raise PermissionDenied
        self.object = get_object_or_404(WebhookSubscription, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("webhook_subscriptions:index"), "label": _("Webhooks")},
            {
                "url": reverse("webhook_subscriptions:edit", args=[self.object.pk]),
                "label": str(self.object),
            },
            {"url": "", "label": self.get_page_title()},
        ]


class SubscriptionSecretView(SubscriptionActionMixin, TemplateView):
    """Shows a new secret once (after creation or rotation); afterwards only its masked form."""

    template_name = "partners/admin/webhook_secret.html"
    page_title = _("Signing secret")

    def get_context_data(self, **kwargs):
        secret = self.request.session.pop(SECRET_SESSION_KEY.format(pk=self.object.pk), None)
        return {
            **super().get_context_data(**kwargs),
            "subscription": self.object,
            "secret": secret,
            "edit_url": reverse("webhook_subscriptions:edit", args=[self.object.pk]),
        }


class SubscriptionRotateView(SubscriptionActionMixin, TemplateView):
    template_name = "partners/admin/confirm.html"
    page_title = _("Rotate the signing secret")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "message": _(
                "A new secret replaces the current one at once: messages from now on are signed "
                "with it, and the receiver must be given the new secret. The old one stops "
                "working."
            ),
            "confirm_label": _("Rotate the secret"),
            "cancel_url": reverse("webhook_subscriptions:edit", args=[self.object.pk]),
        }

    def post(self, request, *args, **kwargs):
        secret = services.webhook_subscription_rotate_secret(subscription=self.object)
        _reveal_secret_later(request, self.object, secret)
        return redirect("webhook_subscriptions:secret", self.object.pk)


class SubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    icon = "link-external"
    menu_label = _("Webhooks")
    name = "webhook_subscriptions"
    add_to_settings_menu = True
    menu_order = 900
    copy_view_enabled = False
    add_view_class = SubscriptionCreateView
    edit_view_class = SubscriptionEditView
    list_display = ["name", "url", Column("event_types", label=_("Events")), "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]

    def get_edit_handler(self):
        return ObjectList(
            [
                FieldPanel("name"),
                FieldPanel("url"),
                FieldPanel("event_types"),
                FieldPanel("is_active"),
                HelpPanel(
                    template="partners/admin/webhook_secret_panel.html",
                    heading=_("Signing secret"),
                ),
            ],
            base_form_class=WebhookSubscriptionForm,
        ).bind_to_model(WebhookSubscription)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/secret/", SubscriptionSecretView.as_view(), name="secret"),
            path("<int:pk>/rotate/", SubscriptionRotateView.as_view(), name="rotate"),
        ]


class DeliveryIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = [
            button
            for button in super().get_list_more_buttons(instance)
            if getattr(button, "label", "") != _("Edit")
        ]
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                MenuItem(
                    _("Replay"),
                    url=reverse("webhook_deliveries:replay", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=5,
                )
            )
        return buttons

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


class DeliveryInspectView(InspectView):
    @property
    def header_more_buttons(self):
        if not self.permission_policy.user_has_permission(self.request.user, "change"):
            return []
        return [
            HeaderButton(
                _("Replay"),
                url=reverse("webhook_deliveries:replay", args=[self.object.pk]),
                icon_name="resubmit",
            )
        ]


class DeliveryEditView(EditView):
    """Deliveries are a log: editing one only leads to its details."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("webhook_deliveries:inspect", kwargs["pk"])


class DeliveryReplayView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "partners/admin/confirm.html"
    page_title = _("Replay a webhook")
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        if not delivery_permissions.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.object = get_object_or_404(WebhookDelivery, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "message": _(
                "Send this message (%(event)s, %(id)s) to '%(subscription)s' again? It keeps its "
                "message ID, so a receiver that already has it can recognise it."
            )
            % {
                "event": self.object.event_type,
                "id": self.object.message_id,
                "subscription": self.object.subscription,
            },
            "confirm_label": _("Replay"),
            "cancel_url": reverse("webhook_deliveries:inspect", args=[self.object.pk]),
        }

    def post(self, request, *args, **kwargs):
        replay = services.webhook_delivery_replay(delivery=self.object)
        messages.success(request, _("The message is being sent again."))
        return redirect("webhook_deliveries:inspect", replay.pk)


class DeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "resubmit"
    menu_label = _("Webhook deliveries")
    name = "webhook_deliveries"
    add_to_settings_menu = True
    menu_order = 901
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    edit_view_class = DeliveryEditView
    form_fields = []
    list_display = [
        "event_type",
        "subscription",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda delivery: delivery.status == WebhookDeliveryStatus.SUCCEEDED,
        ),
        "attempts",
        "response_status_code",
        "duration_ms",
        "error",
        "created_at",
    ]
    list_filter = ["status", "event_type", "subscription", "created_at"]
    search_fields = ["message_id"]
    inspect_view_fields = [
        "subscription",
        "event_type",
        "message_id",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "delivered_at",
        "response_status_code",
        "duration_ms",
        "error",
        "attempt_log",
        "replay_of",
        "body",
        "created_at",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/replay/", DeliveryReplayView.as_view(), name="replay"),
        ]


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return [SubscriptionViewSet(), DeliveryViewSet()]


@hooks.register("register_permissions")
def webhook_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="partners",
        codename__in=[
            "add_webhooksubscription",
            "change_webhooksubscription",
            "delete_webhooksubscription",
            "view_webhookdelivery",
            "change_webhookdelivery",
        ],
    )


class WebhookFailuresPanel(Component):
    """The admin home's panel of webhook trouble: deactivated subscriptions and deliveries that
    failed for good, for those who may see deliveries (administrators)."""

    name = "webhook_failures"
    template_name = "partners/admin/webhook_failures_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        from partners.selectors import failed_deliveries_summary

        return {**super().get_context_data(parent_context), **failed_deliveries_summary()}


@hooks.register("construct_homepage_panels")
def webhook_failures_panel(request, panels):
    if delivery_permissions.user_has_permission(request.user, "view"):
        panels.append(WebhookFailuresPanel())
