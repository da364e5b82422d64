//! The Lab's state in Yew: the pure reducer of `crate::lab` as a `Reducible`.

use std::rc::Rc;

use yew::prelude::*;

pub use crate::lab::{Action, Compare, LabState, Run};

impl Reducible for LabState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().reduce(action))
    }
}
