//! The pieces of the map view ([`super::map_view`]): the borough outlines
//! and projection, the camera, the marks of the scenario, and
//! the marriage value opportunities panel.

pub mod camera;
pub mod geo;
pub mod marks;
pub mod opportunities;
