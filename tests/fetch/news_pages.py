"""HTML shaped like real news-site templates, for fetch and CLI tests."""

from __future__ import annotations

from collections.abc import Sequence

BODY_1 = "焦作市今年新建改建农村公路三百二十公里，沿线群众出行更加方便。"
BODY_2 = "市交通运输局负责人介绍，新修道路全部按照四级以上标准建设。"
BODY_3 = "下一步，全市将继续推进城乡交通一体化，让更多村庄通上客车。"
BODY_4 = "据了解，相关工程总投资约十二亿元，带动就业岗位两千多个。"
BODY_5 = "沿线村民表示，道路修好以后，农产品运输成本明显降低。"
BODY_6 = "如今不少村口已经设立了新的公交站牌，班车每天往返四趟。"
DISCLAIMER = "免责声明：本网转载的稿件仅代表作者观点，不代表本网立场。"


def news_page(
    title: str,
    paragraphs: Sequence[str],
    *,
    charset: str = "utf-8",
    pager: str = "",
    head_extra: str = "",
    body_extra: str = "",
) -> str:
    """A Chinese local news portal article: nav, breadcrumb, share bar, related list, footer."""
    paras = "\n".join(f"<p>　　{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_焦作新闻_焦作网</title>
{head_extra}
</head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/news/">新闻</a> | <a href="/zw/">政务</a>
 | <a href="/ty/">体育</a> | <a href="/login.html">登录</a></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt;
 <a href="/news/">焦作新闻</a> &gt; 正文</div>
<div class="article">
  <h1>{title}</h1>
  <div class="info">2024-05-01 08:30:00 来源：焦作日报 作者：张明</div>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
  <div class="content" id="content">
{paras}
  </div>
  {pager}
  <div class="editor">责任编辑：李华</div>
</div>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/news/2024-05/02/content_1001.htm">我市召开安全生产工作会议</a></li>
<li><a href="/news/2024-05/02/content_1002.htm">焦作举办第十届太极拳交流大赛</a></li>
</ul></div>
{body_extra}
<div class="footer"><p>{DISCLAIMER}</p><p>版权所有 焦作网 豫ICP备00000000号</p></div>
</body>
</html>
"""


def english_page(title: str, paragraphs: Sequence[str]) -> str:
    """An English news page with a menu, a newsletter box and a footer."""
    paras = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily Courier</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>{title}</h1>
<p class="byline">By Jane Smith, Staff Reporter</p>
{paras}
</article>
<aside><h2>Sign up for our newsletter</h2><p>Get the headlines every morning.</p></aside>
<footer><p>© 2024 The Daily Courier. All rights reserved.</p></footer>
</body></html>
"""


def pager(links: Sequence[tuple[str, str]]) -> str:
    """A Chinese CMS pager block: (label, href) pairs."""
    inner = " ".join(f'<a href="{href}">{label}</a>' for label, href in links)
    return f'<div class="pages">{inner}</div>'
