//! Extraction on many generated sentences: names the rules have never seen, in the constructions
//! the genre uses. A deterministic generator (no randomness between runs) writes 300 one-sentence
//! articles; the extractor must find the person in nearly all of them and invent almost none.

use zhkg::extract::extract;
use zhkg::ingest::Document;
use zhkg::lexicon::Lexicon;

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国文辉力宏亮欢卫云荣森飞枫金长林晓春海波宁东浩斌志雪梅琳晨阳凯鑫峰婷颖家德永正立新光天子安俊佳思雨";
const UNITS: &[&str] = &["余姚市公安局", "平湖市公安局城东派出所", "宜宾市公安局翠屏区分局", "开化县公安局", "临安区公安分局"];
const TEMPLATES: &[&str] = &[
    "{u}民警{n}在路口执勤。",
    "{u}所长{n}介绍，今年辖区警情下降。",
    "记者从{u}获悉，{n}同志被评为先进个人。",
    "{n}是{u}的一名辅警，从警五年。",
    "据{u}副局长{n}说，案件已告破。",
    "{u}教导员{n}带领民警走访群众。",
    "{n}，城南派出所所长，从警20年。",
    "在{u}工作的{n}同志获得表彰。",
];

struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, chars: &'a [char]) -> &'a char {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        &chars[((self.0 >> 33) as usize) % chars.len()]
    }
    fn index(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn names_never_seen_are_found_and_few_are_invented() {
    let lex = Lexicon::builtin();
    let sur: Vec<char> = SURNAMES.chars().collect();
    let giv: Vec<char> = GIVEN.chars().collect();
    let mut rng = Lcg(7);
    let (mut found, mut wrong, mut misses) = (0, 0, Vec::new());
    let n = 300;
    for i in 0..n {
        let mut name = rng.pick(&sur).to_string();
        let len = if rng.index(4) == 0 { 1 } else { 2 };
        for _ in 0..len {
            name.push(*rng.pick(&giv));
        }
        let text = TEMPLATES[rng.index(TEMPLATES.len())].replace("{u}", UNITS[rng.index(UNITS.len())]).replace("{n}", &name);
        let doc = Document::from_text(format!("g{i}"), None, &text, &lex);
        let x = extract(&doc, &lex);
        let names: Vec<&str> = x.people.iter().map(|p| p.name.as_str()).collect();
        if names.contains(&name.as_str()) {
            found += 1;
        } else {
            misses.push(text.clone());
        }
        wrong += names.iter().filter(|&&p| p != name).count();
    }
    let recall = found as f64 / n as f64;
    assert!(recall >= 0.97, "recall {recall:.3}; missed: {misses:?}");
    assert!(wrong <= 3, "{wrong} invented names");
}
