// Temporary: not committed.
fn main() {
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/paciolus.pschema")).unwrap();
    let mut big = String::new();
    let mut tables = 0;
    let mut i = 0;
    while tables < 500 {
        big.push_str(
            &base
                .replace("table ", &format!("table r{i}_"))
                .replace("enum ", &format!("enum R{i}_")),
        );
        tables += base.matches("\ntable ").count() + base.starts_with("table ") as usize;
        i += 1;
    }
    println!("{} bytes", big.len());
    let mut best = std::time::Duration::MAX;
    for _ in 0..30 {
        let t = std::time::Instant::now();
        let f = pschema_syntax::parse(&big).unwrap();
        std::hint::black_box(&f);
        best = best.min(t.elapsed());
    }
    println!("best parse {:?}", best);
}
