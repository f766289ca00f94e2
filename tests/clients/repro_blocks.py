# manage.py shell < repro_blocks.py: the repro (translate a post, edit the German
# paragraph, publish); prints the English and German paths for apollo_blocks.mjs.
from wagtail.models import Locale

from campaign.models import CampaignPostPage

de = Locale.objects.get(language_code="de")
for en in CampaignPostPage.objects.filter(locale__language_code="en").live():
    if en.get_parent().get_translation_or_none(de) is None:
        continue
    if en.get_translation_or_none(de) is not None:
        continue
    german = en.copy_for_translation(de)
    for block in german.body:
        if block.block_type == "paragraph":
            from wagtail.rich_text import RichText

            block.value = RichText("<p>GERMAN PARAGRAPH TEXT</p>")
            break
    german.save_revision().publish()
    print("PATHS", en.url_path, german.url_path)  # noqa: T201 (a script run by hand)
    break
