"""Scale data of the register: enterprises, their credit records, the ledger, determinations, users.

Shares follow the national register: about 1 % AEO (certified or advanced certified), about 0.5 %
dishonest, the rest regular. Every dishonest enterprise has the penalty, the determined proposal
and the ledger entry behind its grade; a few regular enterprises carry fresh penalties or overdue
arrears that the next evaluation will find, as on any night. AEO grades get their ledger entries
and certificates from the certification layer.
"""

import datetime

from accounts.models import CustomsOffice
from enterprises.uscc import check_character
from rulebooks.models import CreditGrade, Rulebook

GRADE_SHARES = (
    (0.003, CreditGrade.ADVANCED_CERTIFIED),
    (0.010, CreditGrade.CERTIFIED),
    (0.0145, CreditGrade.DISHONEST),
    (0.015, CreditGrade.SERIOUSLY_DISHONEST),
)
PLACES = [
    ("青海", "Qinghai"),
    ("上海", "Shanghai"),
    ("深圳", "Shenzhen"),
    ("广州", "Guangzhou"),
    ("宁波", "Ningbo"),
    ("天津", "Tianjin"),
    ("青岛", "Qingdao"),
    ("厦门", "Xiamen"),
    ("杭州", "Hangzhou"),
    ("苏州", "Suzhou"),
    ("南京", "Nanjing"),
    ("成都", "Chengdu"),
    ("重庆", "Chongqing"),
    ("武汉", "Wuhan"),
    ("西安", "Xi'an"),
    ("郑州", "Zhengzhou"),
    ("长沙", "Changsha"),
    ("大连", "Dalian"),
    ("沈阳", "Shenyang"),
    ("昆明", "Kunming"),
]
# Characters of trade names with their pinyin, for the English name.
BRAND_PAIRS = (
    "华:Hua 鑫:Xin 恒:Heng 泰:Tai 盛:Sheng 达:Da 宏:Hong 远:Yuan 嘉:Jia 瑞:Rui 丰:Feng 源:Yuan 海:Hai "
    "博:Bo 通:Tong 信:Xin 康:Kang 隆:Long 永:Yong 昌:Chang 兴:Xing 旺:Wang 金:Jin 鼎:Ding 安:An 顺:Shun "
    "佳:Jia 和:He 汇:Hui 德:De 利:Li 中:Zhong 天:Tian 宇:Yu 新:Xin 锐:Rui 晨:Chen 光:Guang 明:Ming "
    "辉:Hui 凯:Kai 美:Mei 万:Wan 科:Ke 世:Shi 纪:Ji 腾:Teng 飞:Fei 联:Lian 创:Chuang 东:Dong 方:Fang "
    "启:Qi 航:Hang 高:Gao 原:Yuan 雪:Xue 域:Yu 昆:Kun 仑:Lun 祥:Xiang 云:Yun 锦:Jin 程:Cheng 伟:Wei "
    "业:Ye 振:Zhen 长:Chang 城:Cheng 星:Xing 辰:Chen 鸿:Hong 运:Yun 宝:Bao 峰:Feng 同:Tong 济:Ji "
    "维:Wei 正:Zheng 大:Da"
)
BRANDS = dict(pair.split(":") for pair in BRAND_PAIRS.split())
BRAND_CHARACTERS = list(BRANDS)
INDUSTRIES = [
    ("进出口贸易", "Import & Export Trading"),
    ("电子科技", "Electronic Technology"),
    ("新材料", "New Materials"),
    ("食品", "Foods"),
    ("国际物流", "International Logistics"),
    ("机械设备", "Machinery"),
    ("纺织服装", "Textiles & Garments"),
    ("化工", "Chemicals"),
    ("医药", "Pharmaceuticals"),
    ("汽车零部件", "Auto Parts"),
    ("供应链管理", "Supply Chain Management"),
    ("报关服务", "Customs Brokerage"),
    ("光伏能源", "Photovoltaic Energy"),
    ("跨境电子商务", "Cross-border E-commerce"),
]
SUFFIXES = [("有限公司", "Co., Ltd."), ("股份有限公司", "Corporation"), ("有限责任公司", "Co., Ltd.")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
ROADS = ["人民", "中山", "解放", "建设", "长江", "黄河", "和平", "友谊", "新华", "昆仑"]
ENTERPRISE_COLUMNS = (
    "id", "uscc", "customs_code", "name", "name_en", "address", "legal_representative",
    "customs_office_id", "credit_grade", "in_special_zone", "is_key_industry", "created_at", "updated_at",
)  # fmt: skip
# Only enterprises registered for two years have been certified or determined dishonest.
SETTLED_DAYS = 730
BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def generate(plan):
    first_id = plan.next_ids("enterprises_enterprise")
    if first_id > 1:
        raise plan.NotEmpty(
            "The register already holds enterprises; generate scale data into an empty database."
        )
    offices = _office_weights(plan)
    plan.copy(
        "enterprises_enterprise",
        ENTERPRISE_COLUMNS,
        _enterprises(plan, offices, first_id),
        counted="enterprises",
    )
    plan.reset_sequence("enterprises_enterprise")
    _business_types(plan)
    _registration_entries(plan)
    _document_counts(plan)
    _penalties_and_arrears(plan)
    _determinations(plan)
    _enterprise_users(plan)


def _office_weights(plan):
    """(office id, office code) choices and cumulative weights: large ports hold more of the register."""
    rng = plan.random
    tree = {}
    for office in CustomsOffice.objects.exclude(level=CustomsOffice.Level.GAC).order_by("code"):
        tree.setdefault(office.path.split("/")[2], []).append(office)
    branches = list(tree.values())
    rng.shuffle(branches)
    choices, weights, total = [], [], 0.0
    for rank, branch in enumerate(branches, start=1):
        for office in branch:
            total += 1 / rank**0.9 / len(branch)
            choices.append((office.pk, office.code))
            weights.append(total)
    return choices, weights


def _grade(draw):
    return next((grade for share, grade in GRADE_SHARES if draw < share), CreditGrade.REGULAR)


def _enterprises(plan, offices, first_id):
    rng = plan.random
    choices, weights = offices
    now = datetime.datetime.combine(plan.as_of, datetime.time(8), tzinfo=datetime.UTC)
    for n in range(plan.enterprises):
        office_id, office_code = rng.choices(choices, cum_weights=weights)[0]
        place, place_en = rng.choice(PLACES)
        first, second = rng.choice(BRAND_CHARACTERS), rng.choice(BRAND_CHARACTERS)
        industry, industry_en = rng.choice(INDUSTRIES)
        suffix, suffix_en = rng.choice(SUFFIXES)
        first17 = f"91{rng.randint(11, 65)}{rng.randint(1, 99):02d}00MA{n:07d}"
        age = rng.randint(30, 20 * 365)
        created = now - datetime.timedelta(days=age)
        yield (
            first_id + n,
            first17 + check_character(first17),
            office_code + _base36(n, 6),
            f"{place}{first}{second}{industry}{suffix}",
            f"{place_en} {BRANDS[first]}{BRANDS[second].lower()} {industry_en} {suffix_en}",
            f"{place}市{rng.choice(ROADS)}路{rng.randint(1, 999)}号",
            rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            office_id,
            _grade(rng.random()) if age > SETTLED_DAYS else CreditGrade.REGULAR,
            rng.random() < 0.05,
            rng.random() < 0.08,
            created,
            created,
        )


def _base36(n, width):
    digits = ""
    for _ in range(width):
        n, digit = divmod(n, 36)
        digits = BASE36[digit] + digits
    return digits


def _business_types(plan):
    c = plan.chance("e.id", "type")
    plan.execute(
        f"""
        INSERT INTO enterprises_enterprise_business_types (enterprise_id, businesstype_id)
        SELECT e.id, t.id FROM enterprises_enterprise e JOIN rulebooks_businesstype t ON t.code =
            CASE WHEN {c} < 0.08 THEN 'customs_broker' WHEN {c} < 0.11 THEN 'logistics_road'
                 WHEN {c} < 0.12 THEN 'logistics_water' WHEN {c} < 0.125 THEN 'express_operator'
                 WHEN {c} < 0.14 THEN 'foreign_trade_service' ELSE 'consignee_consignor' END
        UNION
        SELECT e.id, t.id FROM enterprises_enterprise e JOIN rulebooks_businesstype t
            ON t.code = 'cross_border_ecommerce_platform' WHERE {plan.chance("e.id", "second")} < 0.03
        """,
        counted="business type links",
    )


def _registration_entries(plan):
    """The opening entry: registered under a rulebook, or taken over from the earlier system."""
    rulebook, first_day = plan.rulebook_case("greatest(e.created_at::date, DATE %(first)s)")
    plan.execute(
        f"""
        INSERT INTO enterprises_ledgerentry (enterprise_id, previous_grade, grade, effective_from, cause,
            reason, decision_number, created_at, rulebook_id)
        SELECT e.id, '', 'regular', greatest(e.created_at::date, DATE %(first)s),
            CASE WHEN e.created_at::date < DATE %(first)s THEN 'migration' ELSE 'registration' END,
            CASE WHEN e.created_at::date < DATE %(first)s THEN '由原系统迁移' ELSE '企业注册登记' END,
            '', e.created_at, {rulebook}
        FROM enterprises_enterprise e
        """,
        {"first": first_day},
        counted="ledger entries",
    )


def _document_counts(plan):
    """Ten years of declarations, filing lists and manifests, or fewer for younger enterprises."""
    size = plan.chance("e.id", "size")
    year = plan.chance("e.id || '-' || y", "year")
    plan.execute(
        f"""
        INSERT INTO enterprises_documentcount (enterprise_id, year, declarations, filing_lists, manifests)
        SELECT e.id, y, floor(power(10, 1 + 3 * {size}) * (0.7 + 0.6 * {year}))::int,
            floor(power(10, 3 * {size}) * {year})::int, floor(power(10, 0.5 + 2.5 * {size}) * {year})::int
        FROM enterprises_enterprise e
        CROSS JOIN LATERAL generate_series(
            greatest(%(first)s, extract(year FROM e.created_at)::int), %(last)s) AS y
        """,
        {"first": plan.as_of.year - 10, "last": plan.as_of.year - 1},
        counted="document counts",
    )


def _penalties_and_arrears(plan):
    """Minor violations for a few percent, and the fresh findings of the next evaluation."""
    c = plan.chance("e.id", "penalty")
    plan.execute(
        f"""
        INSERT INTO enterprises_penalty (enterprise_id, case_number, kind, subject, decided_on, amount,
            is_intentional, description, created_at)
        SELECT e.id, 'SV' || e.id || '-' || k, 'supervision_violation', 'general',
            %(as_of)s - (30 + floor(1000 * {plan.chance("e.id || '-' || k", "day")}))::int,
            round((500 + 19500 * {plan.chance("e.id || '-' || k", "amount")})::numeric, 2),
            {plan.chance("e.id || '-' || k", "intent")} < 0.3, '', now()
        FROM enterprises_enterprise e, generate_series(1, 3) AS k
        WHERE e.credit_grade = 'regular' AND {c} < 0.03 AND k <= 1 + floor({c} * 100)
        UNION ALL
        SELECT e.id, 'AS' || e.id, 'administrative_smuggling', 'general',
            %(as_of)s - (1 + floor(50 * (1 - {c}) / 0.00002))::int, 80000, true, '', now()
        FROM enterprises_enterprise e WHERE e.credit_grade = 'regular' AND {c} >= 0.99998
        """,
        {"as_of": plan.as_of},
        counted="penalties",
    )
    c = plan.chance("e.id", "arrear")
    plan.execute(
        f"""
        INSERT INTO enterprises_arrear (enterprise_id, reference, kind, amount, due_on, paid_on, created_at)
        SELECT e.id, 'TX' || e.id, 'tax', round((1000 + 200000 * {c} * 100)::numeric, 2),
            %(as_of)s - (10 + floor(700 * {plan.chance("e.id", "due")}))::int,
            CASE WHEN {c} < 0.00998 THEN %(as_of)s - floor(5 * {plan.chance("e.id", "due")})::int END, now()
        FROM enterprises_enterprise e WHERE {c} < 0.01
        """,
        {"as_of": plan.as_of},
        counted="arrears",
    )


def _determinations(plan):
    """Each dishonest enterprise: its penalty, the ledger entry of the determination, the decided proposal."""
    days = f"(30 + floor(300 * {plan.chance('e.id', 'determined')}))::int"
    plan.execute(
        f"""
        INSERT INTO enterprises_penalty (enterprise_id, case_number, kind, subject, decided_on, amount,
            is_intentional, description, created_at)
        SELECT e.id, 'DS' || e.id,
            CASE e.credit_grade WHEN 'dishonest' THEN 'administrative_smuggling'
                ELSE 'criminal_smuggling' END,
            CASE e.credit_grade WHEN 'dishonest' THEN 'general' ELSE 'solid_waste' END,
            %(as_of)s - {days} - 20, 150000, true, '', now()
        FROM enterprises_enterprise e WHERE e.credit_grade IN ('dishonest', 'seriously_dishonest')
        """,
        {"as_of": plan.as_of},
        counted="penalties",
    )
    rulebook = Rulebook.objects.filter(effective_from__lte=plan.as_of).order_by("-effective_from").first()
    criteria = {"dishonest": "art22-2", "seriously_dishonest": "serious-1"}
    periods = dict(rulebook.publication_periods.values_list("level", "max_months"))
    for grade, code in criteria.items():
        criterion = rulebook.criteria.get(code=code)
        published_months = periods[criterion.publication_level]
        decided = f"(%(as_of)s - {days})"
        selection = f"FROM enterprises_enterprise e WHERE e.credit_grade = '{grade}'"
        plan.execute(
            f"""
            INSERT INTO enterprises_ledgerentry (enterprise_id, previous_grade, grade, effective_from, cause,
                reason, decision_number, created_at, rulebook_id, criterion_id)
            SELECT e.id, 'regular', e.credit_grade, {decided}, 'determination', %(reason)s,
                'XY-' || e.id, now(), %(rulebook)s, %(criterion)s {selection}
            """,
            {
                "as_of": plan.as_of,
                "reason": criterion.title,
                "rulebook": rulebook.pk,
                "criterion": criterion.pk,
            },
            counted="ledger entries",
        )
        plan.execute(
            f"""
            INSERT INTO enterprises_dishonestproposal (enterprise_id, status, figures, evidence,
                evidence_date, grounds, created_at, evaluated_on, decided_at, decision_number, drop_reason,
                publication_level, published_until, rulebook_id, criterion_id, ledger_entry_id, notice_number)
            SELECT e.id, 'determined', jsonb_build_object('records', 1, 'amount_total', '150000.00'),
                jsonb_build_array('DS' || e.id), {decided} - 20, %(reason)s, now(), {decided} - 15,
                {decided}::timestamptz, 'XY-' || e.id, '', %(level)s,
                {decided} + make_interval(months => %(months)s), %(rulebook)s, %(criterion)s, l.id, ''
            {
                selection.replace(
                    "WHERE",
                    "JOIN enterprises_ledgerentry l ON l.enterprise_id = e.id "
                    "AND l.cause = 'determination' WHERE",
                )
            }
            """,
            {
                "as_of": plan.as_of,
                "reason": criterion.title,
                "level": criterion.publication_level,
                "months": published_months,
                "rulebook": rulebook.pk,
                "criterion": criterion.pk,
            },
            counted="determinations",
        )
    _dropped_alongside(plan, rulebook, days)


def _dropped_alongside(plan, rulebook, days):
    """A criminal-smuggling case of solid waste meets Art. 22(1) too; the officer dropped that proposal,
    the serious determination covering it, so the evaluation does not propose it again."""
    criterion = rulebook.criteria.get(code="art22-1")
    plan.execute(
        f"""
        INSERT INTO enterprises_dishonestproposal (enterprise_id, status, figures, evidence, evidence_date,
            grounds, created_at, evaluated_on, decided_at, decision_number, drop_reason, publication_level,
            rulebook_id, criterion_id, notice_number)
        SELECT e.id, 'dropped', jsonb_build_object('records', 1, 'amount_total', '150000.00'),
            jsonb_build_array('DS' || e.id), (%(as_of)s - {days}) - 20, %(reason)s, now(),
            (%(as_of)s - {days}) - 15, (%(as_of)s - {days})::timestamptz, '', '已由严重失信认定涵盖', '',
            %(rulebook)s, %(criterion)s, ''
        FROM enterprises_enterprise e WHERE e.credit_grade = 'seriously_dishonest'
        """,
        {"as_of": plan.as_of, "reason": criterion.title, "rulebook": rulebook.pk, "criterion": criterion.pk},
        counted="dropped proposals",
    )


def _enterprise_users(plan):
    """A senior manager's account for every AEO or dishonest enterprise and a few percent of the rest."""
    selection = (
        f"FROM enterprises_enterprise e WHERE e.credit_grade <> 'regular' "
        f"OR {plan.chance('e.id', 'user')} < 0.02"
    )
    plan.execute(
        f"""
        INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
            is_active, date_joined, role, full_name, phone, preferred_language, certification_qualified)
        SELECT '!', false, 'u' || e.uscc, '', '', '', false, true, e.created_at, 'enterprise',
            e.legal_representative, '', 'zh-hans', false {selection}
        """,
        counted="enterprise users",
    )
    plan.execute(
        f"""
        INSERT INTO enterprises_enterprisemembership (user_id, enterprise_id, is_senior_manager, created_at)
        SELECT u.id, e.id, true, e.created_at
        {selection.replace("WHERE", "JOIN accounts_user u ON u.username = 'u' || e.uscc WHERE")}
        """
    )
