//! Draws shared by the simulations that measure Suara's statistics (the training verdicts,
//! the rollouts, the intervals' coverage and the early warning's false alarms).

use rand::Rng;

/// One standard normal draw (Box-Muller: two uniforms in (0, 1] to one normal).
pub fn normal(rng: &mut impl Rng) -> f64 {
    let u: f64 = 1.0 - rng.random::<f64>();
    let v: f64 = rng.random::<f64>();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}
