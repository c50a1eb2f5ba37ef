-- The facts the plan's indicators count (issue 13): the year a facility was completed or opened (a planned one: the year it
-- is due), so "新增 20 家" and "新建 50 公里" count what was built since the plan's baseline year; and the usable area in m²
-- of a sports venue, for 人均体育场地面积. Both optional: a facility without them is listed as such, never counted as 0.
ALTER TABLE facilities ADD COLUMN built_year INTEGER;
ALTER TABLE facilities ADD COLUMN area_m2 REAL;
