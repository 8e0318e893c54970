"""The demo's generated activity video (``core/demo/video.py``) really plays in Chromium: 128 × 96, 3 seconds."""

import pytest

from psyboost.demo import files

pytestmark = pytest.mark.browser


def test_the_generated_mp4_plays(browser, tmp_path):
    (tmp_path / "activity.mp4").write_bytes(files.activity_video(1, "团体心理辅导活动"))
    (tmp_path / "index.html").write_text('<video id="v" src="activity.mp4" muted></video>')
    page = browser.new_page()
    try:
        page.goto((tmp_path / "index.html").as_uri())
        played = page.evaluate(
            """async () => {
                const video = document.getElementById("v");
                await video.play();
                await new Promise((resolve) => setTimeout(resolve, 800));
                return {error: video.error && video.error.code, width: video.videoWidth, height: video.videoHeight,
                        duration: video.duration, moved: video.currentTime > 0};
            }"""
        )
    finally:
        page.close()
    assert played == {"error": None, "width": 128, "height": 96, "duration": 3, "moved": True}
