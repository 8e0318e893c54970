"""The site's URLs plus one bare page carrying upload fields, for the browser test of uploads.js
(tests/browser/test_uploads.py)."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from psyboost.urls import urlpatterns as site_urlpatterns


def upload_page(request):
    unit_id = request.user.unit_id
    html = f"""<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>上传</title>
<meta name="csrf-token" content="{get_token(request)}"></head>
<body>
<div class="field" id="video-field"><label for="video">活动短视频</label>
<input type="file" id="video" name="video" data-upload-purpose="unit_document" data-upload-kind="video"
       data-upload-target="{unit_id}" data-upload-chunk-size="65536"></div>
<div class="field" id="photo-field"><label for="photo">场地照片</label>
<input type="file" id="photo" name="photo" data-upload-purpose="unit_document" data-upload-kind="photo"
       data-upload-target="{unit_id}"></div>
<script src="/test-upload-page/collector.js"></script>
<script src="/static/psyboost/js/psyboost.js"></script>
<script src="/static/psyboost/js/uploads.js"></script>
</body></html>"""
    return HttpResponse(html)


def collector_js(request):
    """The page's own script, from this site (the Content-Security-Policy allows no inline script)."""
    script = """window.uploaded = [];
document.addEventListener("psyboost:uploaded", (event) => window.uploaded.push(event.detail));
"""
    return HttpResponse(script, content_type="text/javascript")


urlpatterns = [
    path("test-upload-page/", upload_page),
    path("test-upload-page/collector.js", collector_js),
    *site_urlpatterns,
]
