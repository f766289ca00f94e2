"""The GraphQL endpoint in Wagtail's admin: the trusted documents, to read (Settings menu)."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from frontend_schema.models import TrustedDocument


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing as Django's permissions allow; adding, changing and deleting for nobody.

    Trusted documents come from the front end's build through ``register_trusted_documents``; a
    document edited by hand would no longer match its hash.
    """

    WRITE_ACTIONS = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(
    TrustedDocument, ReadOnlyPermissionPolicy(TrustedDocument), exact_class=True
)


class TrustedDocumentViewSet(ModelViewSet):
    model = TrustedDocument
    icon = "code"
    menu_label = "Trusted GraphQL documents"
    add_to_settings_menu = True
    list_display = ["sha256_hash", "client_name", "client_version", "created_at"]
    list_filter = ["client_name"]
    search_fields = ["sha256_hash", "document", "client_name"]
    inspect_view_enabled = True
    inspect_view_fields = ["sha256_hash", "client_name", "client_version", "created_at", "document"]
    form_fields = []


@hooks.register("register_admin_viewset")
def register_trusted_document_viewset():
    return TrustedDocumentViewSet("trusted_documents")
