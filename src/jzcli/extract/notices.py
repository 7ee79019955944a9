"""Words that mark a line as a site notice (disclaimer, copyright, licence), not article text.

Shared by the HTML and the text extractors so both drop the same notices.
"""

from __future__ import annotations

import re

DISCLAIMER = re.compile(
    r"免责声明|版权所有|版权声明|转载请注明|未经授权|未经许可|不代表本(?:站|网)|本站声明|"
    # Traditional forms: text read with --no-repair still loses its notices.
    r"免責聲明|版權所有|版權聲明|轉載請註明|"
    r"ICP备|ICP证|网警备|公网安备|违法和不良信息|举报电话|本文来源于网络|如有侵权|"
    r"Copyright|All rights reserved|©",
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
