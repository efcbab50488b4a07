def test_world_is_built_once_and_visible(world):
    assert world.kim_household.members.count() == 3
    assert world.park.masked_rrn == "400512-2******"
