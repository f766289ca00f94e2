"""The verification example of docs/partners.md works on a real delivery."""

import re
from pathlib import Path

from campaign import factories
from partners.models import WebhookDelivery
from partners.services import webhook_signature_headers

DOC = Path(__file__).resolve().parents[2] / "docs" / "partners.md"


def example() -> str:
    section = DOC.read_text().split("## Webhooks", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_documented_receiver_verifies_and_deduplicates(campaign_tree, subscription):
    factories.CampaignPostPageFactory(parent=campaign_tree.posts).save_revision().publish()
    delivery = WebhookDelivery.objects.get()
    revalidated = []
    namespace = {"revalidate": revalidated.append}
    exec(example().replace("whsec_...", subscription.secret), namespace)  # noqa: S102
    headers = webhook_signature_headers(
        secret=subscription.secret, message_id=delivery.message_id, body=delivery.body
    )
    receive = namespace["receive"]
    assert receive(delivery.body.encode(), headers) == 204
    assert receive(delivery.body.encode(), headers) == 204  # a repeat: accepted, not redone
    assert len(revalidated) == 1 and revalidated[0][-2:] == ["/news/", "/"]
    assert receive(delivery.body.encode() + b" ", headers) == 400
