"""The editorial blocks' rich-text editor: Trix from static files under the site's CSP, its
output mapped to the tags the public page keeps."""

import re

import pytest

from press import services
from press.rich_text import from_editor

from .test_admin import admin_url, form_data

# What Trix 2 writes for a paragraph, an empty line, a heading, a list, a quote, a struck word.
TRIX = (
    "<div><!--block-->Our <strong>programme</strong> <em>starts</em> "
    '<a href="https://example.org">here</a>.</div>'
    "<div><!--block--><br></div>"
    "<h1><!--block-->Next steps</h1>"
    "<ul><li><!--block-->One</li><li><!--block-->Two</li></ul>"
    "<blockquote><!--block-->A quote</blockquote>"
    "<div><!--block-->No <del>strike</del></div>"
)


def test_the_editor_s_tags_become_the_allowed_ones():
    assert from_editor(TRIX) == (
        'Our <strong>programme</strong> <em>starts</em> <a href="https://example.org">here</a>.'.join(
            ["<p>", "</p>"]
        )
        + "<h3>Next steps</h3><ul><li>One</li><li>Two</li></ul>"
        "<blockquote>A quote</blockquote><p>No strike</p>"
    )


@pytest.fixture
def draft(imt, edition_2021):
    return services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)


def test_a_block_written_in_the_editor_is_saved_without_a_removal_warning(admin_client, draft):
    block = {
        "blocks-TOTAL_FORMS": "1",
        "blocks-0-position": "after_intro",
        "blocks-0-heading": "",
        "blocks-0-html": TRIX,
        "blocks-0-order": "0",
    }
    response = admin_client.post(
        admin_url("change", draft.pk), form_data(draft, **block), follow=True
    )

    html = draft.blocks.get().html
    assert html.startswith("<p>Our <strong>programme</strong>")
    assert "<h3>Next steps</h3>" in html
    assert "<div>" not in html
    assert not any("Removed from" in str(m) for m in response.context["messages"])


def test_the_editor_loads_from_static_files_with_the_csp_nonce(admin_client, draft):
    response = admin_client.get(admin_url("change", draft.pk))
    page = response.content.decode()

    assert 'src="/static/press/vendor/trix/trix.umd.min.js"' in page
    assert 'src="/static/press/admin/rich_text.js"' in page
    assert 'class="press-rich-text"' in page
    nonce = re.search(r'<meta name="trix-csp-nonce" content="([^"]+)">', page)[1]
    csp = response.headers["Content-Security-Policy"]
    assert f"'nonce-{nonce}'" in csp
    assert "unsafe-inline" not in csp.split("style-src-attr")[0]
    # No inline script of ours: every <script> of the page loads a file.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


def test_the_editor_s_toolbar_speaks_the_editor_s_language(admin_client, draft):
    page = admin_client.get(admin_url("change", draft.pk), HTTP_ACCEPT_LANGUAGE="fr")
    text = page.content.decode()
    assert "&quot;heading1&quot;: &quot;Intertitre&quot;" in text
    assert "le bouton Intertitre" in text
