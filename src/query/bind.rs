//! `--bind name=value`: a variable replaced by its value throughout a parsed query, before the
//! query is planned.
//!
//! Oxigraph's own substitution binds variables when the query is evaluated, after the plan is
//! made, so a filter on a given value (`FILTER(STR(?label) = ?unit)`) is applied only once every
//! row has been built, and a join the value would make a lookup stays a scan. Replaced in the
//! algebra, the value is a constant the planner sees: filters move next to the pattern they
//! test, and patterns on it are index lookups. The answers are those of the substitution (SPARQL
//! clients' "initial bindings"): the variable is bound everywhere, subqueries and `EXISTS`
//! included, and keeps its column.

use oxigraph::model::Literal;
use oxigraph::sparql::Variable;
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression};
use spargebra::term::TermPattern;

/// Replaces `var` with `value` in `pattern`: in triple patterns and expressions; a bind that
/// assigns it becomes a filter that its expression equals the value; a projection keeps it as a
/// column.
pub(crate) fn substitute(pattern: &mut GraphPattern, var: &Variable, value: &Literal) {
    use GraphPattern as P;
    match pattern {
        P::Bgp { patterns } => {
            for t in patterns {
                term(&mut t.subject, var, value);
                term(&mut t.object, var, value);
            }
        }
        P::Path { subject, object, .. } => {
            term(subject, var, value);
            term(object, var, value);
        }
        P::Join { left, right } | P::Lateral { left, right } | P::Union { left, right } | P::Minus { left, right } => {
            substitute(left, var, value);
            substitute(right, var, value);
        }
        P::LeftJoin { left, right, expression } => {
            substitute(left, var, value);
            substitute(right, var, value);
            if let Some(e) = expression {
                expr(e, var, value);
            }
        }
        P::Filter { expr: e, inner } => {
            expr(e, var, value);
            substitute(inner, var, value);
        }
        P::Graph { inner, .. } | P::Distinct { inner } | P::Reduced { inner } | P::Slice { inner, .. } | P::Service { inner, .. } => substitute(inner, var, value),
        P::Extend { inner, variable, expression } => {
            substitute(inner, var, value);
            expr(expression, var, value);
            if variable == var {
                // BIND(e AS ?var) with ?var given: the rows where e is the value
                let test = Expression::SameTerm(Box::new(expression.clone()), Box::new(Expression::Literal(value.clone())));
                let inner = std::mem::replace(inner.as_mut(), P::Bgp { patterns: vec![] });
                *pattern = P::Filter { expr: test, inner: Box::new(inner) };
            }
        }
        P::OrderBy { inner, expression } => {
            substitute(inner, var, value);
            for o in expression {
                let (OrderExpression::Asc(e) | OrderExpression::Desc(e)) = o;
                expr(e, var, value);
            }
        }
        P::Project { inner, variables } => {
            substitute(inner, var, value);
            if variables.contains(var) {
                // the column stays, with the value
                let below = std::mem::replace(inner.as_mut(), P::Bgp { patterns: vec![] });
                **inner = P::Extend { inner: Box::new(below), variable: var.clone(), expression: Expression::Literal(value.clone()) };
            }
        }
        P::Group { inner, aggregates, .. } => {
            substitute(inner, var, value);
            for (_, a) in aggregates {
                if let AggregateExpression::FunctionCall { expr: e, .. } = a {
                    expr(e, var, value);
                }
            }
        }
        P::Values { .. } => {}
    }
}

fn term(t: &mut TermPattern, var: &Variable, value: &Literal) {
    if matches!(t, TermPattern::Variable(v) if v == var) {
        *t = TermPattern::Literal(value.clone());
    }
}

fn expr(e: &mut Expression, var: &Variable, value: &Literal) {
    use Expression as E;
    match e {
        E::Variable(v) if v == var => *e = E::Literal(value.clone()),
        E::Bound(v) if v == var => *e = E::Literal(Literal::from(true)),
        E::Or(a, b)
        | E::And(a, b)
        | E::Equal(a, b)
        | E::SameTerm(a, b)
        | E::Greater(a, b)
        | E::GreaterOrEqual(a, b)
        | E::Less(a, b)
        | E::LessOrEqual(a, b)
        | E::Add(a, b)
        | E::Subtract(a, b)
        | E::Multiply(a, b)
        | E::Divide(a, b) => {
            expr(a, var, value);
            expr(b, var, value);
        }
        E::In(a, list) => {
            expr(a, var, value);
            for x in list {
                expr(x, var, value);
            }
        }
        E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => expr(a, var, value),
        E::If(a, b, c) => {
            expr(a, var, value);
            expr(b, var, value);
            expr(c, var, value);
        }
        E::Coalesce(list) | E::FunctionCall(_, list) => {
            for x in list {
                expr(x, var, value);
            }
        }
        E::Exists(p) => substitute(p, var, value),
        E::NamedNode(_) | E::Literal(_) | E::Variable(_) | E::Bound(_) => {}
    }
}
