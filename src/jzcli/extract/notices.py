"""Words that mark a line as a site notice (disclaimer, copyright, licence), not article text.

Shared by the HTML and the text extractors so both drop the same notices.
"""

from __future__ import annotations

import re

# A notice CLAIMS the site's rights (© 2024, all rights reserved, 版权所有, 未经授权不得转载);
# an article about copyright only talks about them (a copyright lawsuit, 版权所有者, 未经许可
# 使用原告作品), so the bare words "copyright", 版权 or 未经授权 do not make a line a notice,
# nor does a rule forbidding anything but reprinting (未经许可不得占道经营).
DISCLAIMER = re.compile(
    r"免责声明|版权所有(?![者人方权])|版权声明|转载请注明|不代表本(?:站|网)|本站声明|"
    # Reprinting forbidden without leave: 未经授权不得转载, 未经本网书面许可，禁止转载、摘编
    # (not a rule a story quotes: 未经许可不得擅自占用城市道路).
    r"未经[^。；;！!？?\n]{0,12}?(?:授权|许可|同意)[^。；;！!？?\n]{0,12}?"
    r"(?:不得|禁止|严禁|请勿|谢绝)[^。；;！!？?\n]{0,12}?"
    r"(?:转载|转贴|转发|复制|摘编|摘录|镜像|刊登|刊载|转播|翻印|下载|链接|引用)|"
    # Traditional forms: text read with --no-repair still loses its notices.
    r"免責聲明|版權所有(?![者人方權])|版權聲明|轉載請註明|"
    r"ICP备|ICP证|网警备|公网安备|违法和不良信息|举报电话|本文来源于网络|如有侵权|"
    r"Copyright\s*(?:©|\(c\)|\d{4}|[:：])|\(c\)\s*\d{4}|All rights reserved|©",
    re.I,
)
# "All rights reserved" in other languages (German, French, Spanish, Italian, Portuguese,
# Dutch, Polish, Russian, Czech, Hungarian, Turkish, Romanian, Bulgarian, Albanian,
# Croatian/Serbian, Danish, Swedish, Finnish, Japanese).
RIGHTS_RESERVED = re.compile(
    r"all rights reserved|alle rechte vorbehalten|tous droits réservés|"
    r"todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|"
    r"alle rechten voorbehouden|wszelkie prawa zastrzeżone|все права защищены|"
    r"všechna práva vyhrazena|minden jog fenntartva|tüm hakları saklıdır|"
    r"toate drepturile rezervate|всички права запазени|të drejtat e rezervuara|"
    r"sva prava (?:pridržana|zadržana)|alle rettigheder forbeholdes|"
    r"alla rättigheter förbehållna|kaikki oikeudet pidätetään|無断転載",
    re.I,
)
