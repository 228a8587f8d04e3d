OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> assert distance_points(0, 10, 10) == 10 and distance_points(10, 10, 10) == 0\n',
                                       'failure_message': 'distance_points should give the full weight at 0 km and 0 points at the limit',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': ">>> assert isinstance(result, finder.FinderResult) and top_id == result.candidates.iloc[0]['therapist_id']\n",
                                       'failure_message': 'top_id should be the therapist_id of the first row of result.candidates',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> assert isinstance(near_weights, finder.Weights) and near_weights.distance == 2 * finder.Weights().distance and (near_weights.total == '
                                               'finder.Weights().total + finder.Weights().distance)\n',
                                       'failure_message': 'near_weights should double the distance weight and keep every other weight',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
