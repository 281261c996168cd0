"""The vocabulary behind `replies.read_reply`: abbreviations, and the patterns for each signal.

Patterns run on a *normalised clause*: folded (no diacritics, lower case), abbreviations
expanded, one space between tokens ("Chx, cuối tuần sau" -> "chua xong" / "cuoi tuan sau").
Kept apart from the decision rules so the rules read as rules.
"""
from __future__ import annotations

import re

# what civil servants type on a phone -> the word it stands for
ABBREV = {
    "k": "khong", "ko": "khong", "k0": "khong", "kh": "khong", "kg": "khong", "khg": "khong", "hok": "khong", "hong": "khong", "hem": "khong",
    "chx": "chua xong", "r": "roi", "dc": "duoc", "ht": "hoan thanh", "xog": "xong", "xonh": "xong", "xongg": "xong",
    "dg": "dang", "j": "gi", "ntn": "nhu the nao", "e": "em", "oke": "ok", "okie": "ok", "okela": "ok", "oki": "ok",
    "tks": "thanks", "thx": "thanks", "vs": "voi", "bc": "bao cao", "hthanh": "hoan thanh",
    "\u2705": "xong", "\u2714": "xong", "\u2611": "xong",  # ✅ ✔ ☑: a tick is "done" in chat apps
    "\U0001f44d": "ok", "\U0001f64f": "cam on", "\U0001f44c": "ok",  # 👍 🙏 👌: acknowledgements
}
TOKEN = re.compile(r"[a-z0-9]+%?|[?/]|[\u2705\u2714\u2611\U0001f44d\U0001f64f\U0001f44c]")
CLAUSE = re.compile(r"[,.;:!\n]+|\s-\s|\bnhung\b|\bma\b")  # "xong một phần nhưng còn chậm": two clauses

DONE_WORD = re.compile(r"\b(?:xong|hoan thanh|hoan tat|done|finished|completed)\b|(?<![\d/])100%")
# in the three tokens before a done word: it is negated, future, hedged or a condition
BLOCK_BEFORE = frozenset({"chua", "khong", "chang", "not", "kho", "sap", "gan", "se", "moi", "chac", "nhu", "le",
                          "kien", "phai", "will", "nua", "mai", "sau", "toi", "tet", "neu", "khi", "can", "de"})
NEGATORS = frozenset({"chua", "khong", "chang", "not", "kho"})
# right after a done word: a question ("xong chưa") or a part ("xong 80%", "xong bước 1", "xong dự thảo")
AFTER_QUESTION = re.compile(r"^(?:hay )?(?:chua|khong)\b")
AFTER_PART = re.compile(r"^(?:(?!100%)\d{1,2}%|\d+ / \d+|(?:mot |1 )?phan\b|buoc\b|du thao\b|so bo\b|giai doan\b)")

PARTIAL = re.compile(r"\bdu thao\b|\b(?:mot|1) phan\b|\bbuoc \d|(?<![\d/])[1-9]?\d%|\bxong phan\b")
PROGRESS = re.compile(
    r"\b(?:dang|van dang) (?:lam|thuc hien|trien khai|tong hop|xin|lay|trinh|cho|hoan thien|soan|xay dung|tien hanh"
    r"|xu ly|trong qua trinh|ra soat|chuan bi|phoi hop)\b|\b(?:sap|gan|se) (?:xong|hoan thanh)\b|\bin progress\b"
    r"|\bworking on\b|\bcon thieu\b|\bnot yet\b|\bdung tien do\b|\btien do on\b|\bda giao\b|\bduoc khoang\b")
DELAY = re.compile(
    r"\b(?:cham|tre|muon|qua han|khong kip|kho kip|khong the|chua the|kho (?:hoan thanh|xong)|lui|gia han"
    r"|dieu chinh|delay|delayed|late|overdue|eta|hen)\b|\b(?:khong|chua) (?:\w+ ){0,3}dung han\b|\bmoi (?:xong|hoan thanh)\b(?! (?:phan|buoc|du thao|mot phan))")
HEDGE = re.compile(r"\bchac(?! chan)\b|\bhinh nhu\b|\bco le\b|\b(?:khong|chua) (?:ro|biet|nam|chac)\b|\bkhong biet\b")
QUESTION = re.compile(
    r"\b(?:xong|hoan thanh|hoan tat|lam|gui|nop|duoc|roi|100%)(?: \w+)? (?:hay )?(?:chua|khong)"
    r"(?: (?:vay|nhi|ha|a|anh|chi|em|ban|the))*$"
    r"|\b(?:khi nao|bao gio|the nao|lam sao|lam gi|la gi|viec gi|cai gi|o dau|bao nhieu|ngay nao|mau nao|ai phu trach"
    r"|phai khong|duoc khong|co dung khong|cho ai|phong nao)\b|^co\b.*\bkhong(?: (?:a|anh|chi|vay|nhi|ban))*$"
    r"|^(?:when|what|how|who|where|why|is it|do i|does|can i|should)\b")
CHUA_ALONE = re.compile(r"chua(?: (?:a|anh|chi|em|oi|nhe|nha|ban))*")
CHAT = re.compile(r"\bchuc\b|\bdang (?:hop|di|ban|nghi)\b|\bcong tac\b|\blat (?:nua|em)\b|\bhay day\b|\bhaha\b|\bhihi\b")
CHAT_WORDS = frozenset(
    "cam on ok alo da vang a ah anh chi em nhieu biet roi nhan duoc thong bao ro chao buoi sang hi hello thanks "
    "thank you good morning test thu hihi haha u uh uhm nhe nha oi cac ban moi nguoi bot nay hay day qua nhe "
    "yes yeah sir ca nha".split())
SMILEY = re.compile(r"[=:;]\)+|\)\)|<3|:d\b|\^\^")

# leading words that carry only the status, dropped from the stored note
LEAD = frozenset(
    "xong roi r a nhe nha ha ok da dang hoan thanh tat done finished completed ht 100% thuc hien trien khai het "
    "cham tre lui han xin gia du kien se chua khong kip the dung delay delayed den toi sang bi ve la anh chi em "
    "vang dang lam ben muon qua doi dieu chinh thoi tien do moi".split())
SOFT_LEAD = frozenset({"da", "dang", "bi", "ben", "em", "anh", "chi", "la"})  # dropped only before a status word
CONNECTORS = frozenset({"vi", "do", "because", "due"})  # "chậm vì …": drop the connector, keep the reason
